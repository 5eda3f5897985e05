package io.ferry.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;

/**
 * The target tables a sink may write: {@code target.table.include.list}, regular expressions
 * matched against the whole {@code schema.table} (Debezium's include-list style), every table when
 * empty. A sink names its tables from what records carry (the table-mapping SMT's headers, the
 * source block, the topic), which anyone who can produce to its topics controls; this keeps such a
 * record from reaching a table the user did not mean.
 */
public final class TargetTableFilter {
    public static final String INCLUDE_LIST = "target.table.include.list";
    private static final String INCLUDE_LIST_DOC =
            "Regular expressions, comma-separated, of the target tables (schema.table; for"
                    + " DynamoDB the table name; the whole name matched) this sink may write; a record bound for any other table is"
                    + " refused as a bad record (dead letter queue under errors.tolerance=all)."
                    + " Empty: every table. Records name their target table themselves (the"
                    + " table-mapping SMT's headers, the source block, the topic): confine the"
                    + " sink when others can produce to its topics.";

    private final List<Pattern> include;

    private TargetTableFilter(List<Pattern> include) {
        this.include = include;
    }

    /** The validator {@code config/validate} runs: the parse {@link #parse} does. */
    public static final ConfigDef.Validator VALIDATOR =
            (name, value) -> {
                @SuppressWarnings("unchecked")
                List<String> patterns = value == null ? List.of() : (List<String>) value;
                parse(patterns);
            };

    /** Adds the key, for every sink that names its tables from records. */
    public static ConfigDef define(ConfigDef config) {
        return config.define(
                INCLUDE_LIST,
                ConfigDef.Type.LIST,
                "",
                VALIDATOR,
                ConfigDef.Importance.MEDIUM,
                INCLUDE_LIST_DOC);
    }

    public static TargetTableFilter parse(List<String> patterns) {
        List<Pattern> include = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                include.add(Pattern.compile(pattern.strip()));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(
                        INCLUDE_LIST, pattern, "not a regular expression: " + e.getDescription());
            }
        }
        return new TargetTableFilter(List.copyOf(include));
    }

    /** Refuses a table the list does not include. */
    public void check(TableId table) {
        if (!include.isEmpty() && (table.schema().contains(".") || table.table().contains("."))) {
            // schema.table would not say where the schema ends: the list could not be trusted.
            throw new DataException(
                    "the record is bound for a name with a dot in it ("
                            + table.schema()
                            + " / "
                            + table.table()
                            + "), which "
                            + INCLUDE_LIST
                            + " cannot tell apart");
        }
        check(table.schema() + "." + table.table());
    }

    /** Refuses a table, named whole (a DynamoDB table has no schema), the list does not include. */
    public void check(String name) {
        if (include.isEmpty()) {
            return;
        }
        for (Pattern pattern : include) {
            if (pattern.matcher(name).matches()) {
                return;
            }
        }
        throw new DataException(
                "the record is bound for "
                        + name
                        + ", which "
                        + INCLUDE_LIST
                        + " does not include");
    }
}
