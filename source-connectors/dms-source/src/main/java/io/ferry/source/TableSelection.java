package io.ferry.source;

import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import io.ferry.dms.rules.NamePattern;
import io.ferry.dms.rules.SelectionRule;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The selection rules of a DMS table-mapping document as one Debezium {@code table.include.list}
 * entry, so the tables the rules leave out are never captured at all. DMS selects a table some
 * include rule matches and no exclude rule does; Debezium cannot take both an include and an
 * exclude list, so the excludes become a negative lookahead in front of the includes.
 */
public final class TableSelection {
    private TableSelection() {}

    /** The include-list regex, matched by Debezium against whole {@code schema.table} names. */
    public static String includeList(String tableMappings) {
        List<SelectionRule> rules = MappingParser.parse(tableMappings).selections();
        for (SelectionRule rule : rules) {
            if (rule.action() != SelectionRule.Action.EXCLUDE
                    && rule.tableType() != SelectionRule.TableType.TABLE) {
                // DMS full-loads views; Debezium captures tables only, so their rows would be lost.
                throw MappingException.at(
                        Integer.toString(rule.ruleId()),
                        "object-locator.table-type",
                        "is '"
                                + rule.tableType().name().toLowerCase(java.util.Locale.ROOT)
                                + "': Ferry captures tables only, so a view's rows would not be"
                                + " migrated; select the tables under it (table-type table)");
            }
        }
        String includes = alternatives(rules, false);
        if (includes.isEmpty()) {
            throw new IllegalArgumentException("has no include selection rule: nothing to capture");
        }
        String excludes = alternatives(rules, true);
        String regex =
                excludes.isEmpty()
                        ? "(?:" + includes + ")"
                        : "(?!(?:" + excludes + ")$)(?:" + includes + ")";
        if (regex.contains(",")) {
            // Debezium splits its lists at commas.
            throw new IllegalArgumentException(
                    "names a table with a comma, which Debezium's table lists cannot hold");
        }
        return regex;
    }

    private static String alternatives(List<SelectionRule> rules, boolean exclude) {
        return rules.stream()
                .filter(r -> (r.action() == SelectionRule.Action.EXCLUDE) == exclude)
                .map(r -> name(r))
                .collect(Collectors.joining("|"));
    }

    private static String name(SelectionRule rule) {
        NamePattern schema = rule.locator().schema();
        NamePattern table = rule.locator().table();
        if (rule.action() == SelectionRule.Action.EXPLICIT) {
            schema = schema.exactly();
            table = table.exactly();
        }
        return "(?:" + schema.regex() + ")\\.(?:" + table.regex() + ")";
    }
}
