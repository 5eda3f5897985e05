package io.ferry.source;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.FilterCondition;
import io.ferry.dms.rules.MappingParser;
import io.ferry.dms.rules.SelectionRule;
import io.ferry.dms.rules.SourceFilter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DMS reads only the rows a selection's source filters pass during the full load: it puts them in
 * the load's SELECT. Ferry gives Debezium that SELECT ({@code snapshot.select.statement.overrides})
 * where the database's comparison keeps every row the table-mapping SMT keeps — which still judges
 * every row, loaded or captured: NULL tests and number operands on integer and (exact) decimal
 * columns. Anything else (text, dates, a column the table lacks) is left to the SMT: the filter is
 * not pushed, which only means more rows are read. A table some rule selects without filters, or
 * whose name has wildcards, is read whole.
 */
final class SnapshotFilters {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SnapshotFilters.class);
    static final String OVERRIDES = "snapshot.select.statement.overrides";

    /**
     * A table's column types (the catalog's {@code data_type}) by column name, in the table's
     * column order; empty when the table is not found.
     */
    interface ColumnTypes {
        Map<String, String> of(TableId table) throws Exception;
    }

    private static final Set<String> INTEGERS =
            Set.of("smallint", "integer", "bigint", "tinyint", "mediumint", "int");
    private static final Set<String> DECIMALS = Set.of("numeric", "decimal");

    /** Names Debezium's override keys take as they are: no quotes, dots, commas or spaces. */
    private static final java.util.regex.Pattern PLAIN_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9_$]+");

    /** Longest number literal pushed: MySQL compares up to 65 digits exactly. */
    private static final int MAX_LITERAL = 40;

    /**
     * Debezium settings that change which columns, or which values, the SMT sees: with any of them
     * the database's comparison may not be the SMT's, so nothing is pushed.
     */
    private static final List<String> RESHAPING =
            List.of(
                    "column.include.list",
                    "column.exclude.list",
                    "field.name.adjustment.mode",
                    "converters",
                    "message.key.columns");

    private SnapshotFilters() {}

    /** Column types from the source's {@code information_schema} (schema: MySQL's database). */
    static ColumnTypes catalog(Connection connection) {
        return table -> {
            Map<String, String> columns = new LinkedHashMap<>();
            try (PreparedStatement statement =
                    connection.prepareStatement(
                            "SELECT column_name, data_type FROM information_schema.columns WHERE"
                                    + " table_schema = ? AND table_name = ? ORDER BY"
                                    + " ordinal_position")) {
                statement.setString(1, table.schema());
                statement.setString(2, table.table());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        columns.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return columns;
        };
    }

    /**
     * Debezium's override settings for the tables whose filters can be pushed; none for engines
     * other than PostgreSQL and MySQL/MariaDB.
     */
    static Map<String, String> settings(
            Engine engine, String tableMappings, Map<String, String> debezium, ColumnTypes types)
            throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        if (tableMappings.isBlank()
                || !(engine == Engine.POSTGRES || engine.binlog())
                || debezium.keySet().stream().anyMatch(k -> k.startsWith(OVERRIDES))
                || RESHAPING.stream().anyMatch(k -> !debezium.getOrDefault(k, "").isBlank())) {
            if (!tableMappings.isBlank()) {
                LOG.info(
                        "Source filters not put in the full load's SELECT ({} or one of {} is"
                                + " set, or the engine is {}): the table-mapping SMT applies them",
                        OVERRIDES,
                        RESHAPING,
                        engine);
            }
            return settings;
        }
        // Decimals as text, or as doubles, are not compared as the database compares them.
        boolean exactDecimals =
                "precise"
                        .equalsIgnoreCase(
                                debezium.getOrDefault("decimal.handling.mode", "precise"));
        // BIGINT UNSIGNED read as a signed long wraps above 2^63.
        boolean exactBigints =
                !engine.binlog()
                        || "precise"
                                .equalsIgnoreCase(
                                        debezium.getOrDefault(
                                                "bigint.unsigned.handling.mode", "precise"));
        Set<String> numeric = new java.util.HashSet<>(INTEGERS);
        if (!exactBigints) {
            numeric.remove("bigint");
        }
        if (exactDecimals) {
            numeric.addAll(DECIMALS);
        }
        List<SelectionRule> rules = MappingParser.parse(tableMappings).selections();
        List<String> tables = new ArrayList<>();
        for (TableId table : filteredTables(rules)) {
            List<SelectionRule> matching = rules.stream().filter(r -> r.matches(table)).toList();
            if (matching.stream().anyMatch(r -> r.action() == SelectionRule.Action.EXCLUDE)
                    || matching.stream().anyMatch(r -> r.filters().isEmpty())) {
                continue;
            }
            Map<String, String> columns = types.of(table);
            if (columns.isEmpty()) {
                continue;
            }
            Optional<String> where = where(engine, matching, columns, numeric);
            if (where.isPresent()) {
                String name = table.schema() + "." + table.table();
                tables.add(name);
                settings.put(
                        OVERRIDES + "." + name,
                        // Every column by name, in the table's order, as Debezium reads them
                        // (MySQL's SELECT * leaves invisible columns out).
                        "SELECT "
                                + columns.keySet().stream()
                                        .map(c -> quote(engine, c))
                                        .collect(java.util.stream.Collectors.joining(", "))
                                + " FROM "
                                + quote(engine, table.schema())
                                + "."
                                + quote(engine, table.table())
                                + " WHERE "
                                + where.get());
            }
        }
        if (!tables.isEmpty()) {
            settings.put(OVERRIDES, String.join(",", tables));
        }
        return settings;
    }

    /** Tables named exactly by an include rule with filters. */
    private static List<TableId> filteredTables(List<SelectionRule> rules) {
        List<TableId> tables = new ArrayList<>();
        for (SelectionRule rule : rules) {
            boolean exact =
                    rule.action() == SelectionRule.Action.EXPLICIT
                            || rule.locator().schema().isLiteral()
                                    && rule.locator().table().isLiteral();
            if (rule.action() != SelectionRule.Action.EXCLUDE
                    && !rule.filters().isEmpty()
                    && exact) {
                TableId table =
                        new TableId(
                                rule.locator().schema().text().replace("[_]", "_"),
                                rule.locator().table().text().replace("[_]", "_"));
                // Debezium parses its override keys as identifiers: plain names only.
                boolean named =
                        PLAIN_NAME.matcher(table.schema()).matches()
                                && PLAIN_NAME.matcher(table.table()).matches();
                if (named && !tables.contains(table)) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    /**
     * A row passes when any rule's filters all pass: the OR of each rule's pushable filters, ANDed.
     * A rule none of whose filters can be pushed passes every row, and so does the table.
     */
    private static Optional<String> where(
            Engine engine,
            List<SelectionRule> rules,
            Map<String, String> columns,
            Set<String> numeric) {
        List<String> alternatives = new ArrayList<>();
        for (SelectionRule rule : rules) {
            List<String> conjuncts = new ArrayList<>();
            for (SourceFilter filter : rule.filters()) {
                String type = columns.get(filter.column());
                if (type != null) {
                    filter(engine, filter, type, numeric).ifPresent(conjuncts::add);
                }
            }
            if (conjuncts.isEmpty()) {
                return Optional.empty();
            }
            alternatives.add("(" + String.join(" AND ", conjuncts) + ")");
        }
        return Optional.of(String.join(" OR ", alternatives));
    }

    /** The OR of a filter's conditions; empty when one of them cannot be pushed. */
    private static Optional<String> filter(
            Engine engine, SourceFilter filter, String type, Set<String> numericTypes) {
        String lower = type.toLowerCase(Locale.ROOT);
        if (!numericTypes.contains(lower)) {
            // Even a NULL test: a column the SMT does not see (a LOB left out, a type Debezium
            // skips) is NULL to it, so every row passes there.
            return Optional.empty();
        }
        String column = quote(engine, filter.column());
        List<String> conditions = new ArrayList<>();
        for (FilterCondition c : filter.conditions()) {
            Optional<String> sql = condition(c, column);
            if (sql.isEmpty()) {
                return Optional.empty();
            }
            conditions.add(sql.get());
        }
        return Optional.of("(" + String.join(" OR ", conditions) + ")");
    }

    private static Optional<String> condition(FilterCondition c, String column) {
        switch (c.operator()) {
            case NULL:
                return Optional.of(column + " IS NULL");
            case NOTNULL:
                return Optional.of(column + " IS NOT NULL");
            default:
                break;
        }
        Optional<String> value = number(c.value());
        Optional<String> start = number(c.start());
        Optional<String> end = number(c.end());
        return switch (c.operator()) {
            case EQ -> value.map(v -> column + " = " + v);
            case NOTEQ -> value.map(v -> column + " <> " + v);
            case LTE -> value.map(v -> column + " <= " + v);
            case GTE -> value.map(v -> column + " >= " + v);
            case BETWEEN ->
                    start.isPresent() && end.isPresent()
                            ? Optional.of(column + " BETWEEN " + start.get() + " AND " + end.get())
                            : Optional.empty();
            case NOTBETWEEN ->
                    start.isPresent() && end.isPresent()
                            ? Optional.of(
                                    column + " NOT BETWEEN " + start.get() + " AND " + end.get())
                            : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The operand as a plain number literal; empty when it is not a number. */
    private static Optional<String> number(String operand) {
        if (operand == null) {
            return Optional.empty();
        }
        try {
            BigDecimal number = new BigDecimal(operand.trim());
            // A huge exponent would print millions of digits.
            if (Math.abs((long) number.precision() - number.scale()) > MAX_LITERAL
                    || number.scale() > MAX_LITERAL) {
                return Optional.empty();
            }
            return Optional.of(number.toPlainString());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String quote(Engine engine, String identifier) {
        return engine.quote(identifier);
    }
}
