package io.ferry.sink.jdbc;

/** DMS's {@code TargetTablePrepMode}: what happens to a target table before its first rows. */
public enum TablePrepMode {
    /** Keep the table and its rows; create it when missing. */
    DO_NOTHING,
    /** Drop the table if it exists and create it from the first record's columns. */
    DROP_AND_CREATE,
    /** Keep the table's definition, delete its rows; create it when missing. */
    TRUNCATE_BEFORE_LOAD
}
