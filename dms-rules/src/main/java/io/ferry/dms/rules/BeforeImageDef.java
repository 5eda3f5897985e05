package io.ferry.dms.rules;

/** {@code before-image-def} of an add-before-image-columns rule, with DMS's defaults. */
public record BeforeImageDef(String prefix, String suffix, Filter filter) {
    /** {@code column-filter}. */
    public enum Filter {
        PK_ONLY,
        NON_LOB,
        ALL
    }

    public String columnName(String column) {
        return prefix + column + suffix;
    }
}
