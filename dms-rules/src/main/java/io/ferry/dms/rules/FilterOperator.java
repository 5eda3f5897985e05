package io.ferry.dms.rules;

/** DMS source-filter operators; {@code ste} is DMS's older name for {@code lte}. */
public enum FilterOperator {
    EQ("eq", 1, false),
    NOTEQ("noteq", 1, true),
    LTE("lte", 1, false),
    GTE("gte", 1, false),
    BETWEEN("between", 2, false),
    NOTBETWEEN("notbetween", 2, true),
    NULL("null", 0, false),
    NOTNULL("notnull", 0, true);

    private final String name;
    private final int operands;
    private final boolean negative;

    FilterOperator(String name, int operands, boolean negative) {
        this.name = name;
        this.operands = operands;
        this.negative = negative;
    }

    /** 0 (none), 1 ({@code value}) or 2 ({@code start-value}, {@code end-value}). */
    public int operands() {
        return operands;
    }

    /** DMS allows one negative condition per filter. */
    public boolean negative() {
        return negative;
    }

    public static FilterOperator fromName(String name) {
        if ("ste".equals(name)) {
            return LTE;
        }
        for (FilterOperator op : values()) {
            if (op.name.equals(name)) {
                return op;
            }
        }
        return null;
    }
}
