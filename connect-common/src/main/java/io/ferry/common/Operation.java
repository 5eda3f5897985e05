package io.ferry.common;

/** Debezium's {@code op} codes, with DMS's letters for the {@code Op} column. */
public enum Operation {
    READ("r", "I"),
    CREATE("c", "I"),
    UPDATE("u", "U"),
    DELETE("d", "D"),
    TRUNCATE("t", null),
    MESSAGE("m", null),
    /**
     * Ferry's DMS source, before a full load's rows: this table is selected; create and prepare it
     * in the target (an empty table too). No row; the key and row schemas are the table's.
     */
    PREPARE("p", null);

    private final String code;
    private final String dmsCode;

    Operation(String code, String dmsCode) {
        this.code = code;
        this.dmsCode = dmsCode;
    }

    public String code() {
        return code;
    }

    /** {@code I}, {@code U} or {@code D}; null for events DMS has no row for. */
    public String dmsCode() {
        return dmsCode;
    }

    public static Operation fromCode(String code) {
        return switch (code) {
            case "r" -> READ;
            case "c" -> CREATE;
            case "u" -> UPDATE;
            case "d" -> DELETE;
            case "t" -> TRUNCATE;
            case "m" -> MESSAGE;
            case "p" -> PREPARE;
            default -> throw new IllegalArgumentException("unknown Debezium op: " + code);
        };
    }
}
