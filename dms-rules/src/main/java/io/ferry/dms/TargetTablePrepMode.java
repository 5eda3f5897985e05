package io.ferry.dms;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * DMS's {@code TargetTablePrepMode}: what happens to a target table before its first rows. One type
 * and one parsing for every sink; the value is read in any case, as the validator accepts it.
 */
public enum TargetTablePrepMode {
    /** Keep the table and its rows; create it when missing. */
    DO_NOTHING,
    /** Drop the table if it exists and create it from the first record's columns. */
    DROP_AND_CREATE,
    /** Keep the table's definition, delete its rows; create it when missing. */
    TRUNCATE_BEFORE_LOAD;

    /** The validator of a sink's {@code target.table.prep.mode}: the names, in any case. */
    public static final ConfigDef.Validator VALIDATOR =
            ConfigDef.CaseInsensitiveValidString.in(
                    Arrays.stream(values()).map(Enum::name).toArray(String[]::new));

    public static TargetTablePrepMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether the mode changes a table that exists: its first rows of a load start over. */
    public boolean preparesTarget() {
        return this != DO_NOTHING;
    }
}
