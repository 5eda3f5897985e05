package io.ferry.dms.rules;

/** {@code rule-target} of a transformation rule. */
public enum RuleTarget {
    SCHEMA("schema"),
    TABLE("table"),
    COLUMN("column"),
    TABLE_TABLESPACE("table-tablespace"),
    INDEX_TABLESPACE("index-tablespace");

    private final String name;

    RuleTarget(String name) {
        this.name = name;
    }

    public String jsonName() {
        return name;
    }

    public boolean isTablespace() {
        return this == TABLE_TABLESPACE || this == INDEX_TABLESPACE;
    }

    public static RuleTarget fromName(String name) {
        for (RuleTarget target : values()) {
            if (target.name.equals(name)) {
                return target;
            }
        }
        return null;
    }
}
