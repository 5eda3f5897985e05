package io.ferry.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares one source table with its migrated copy, row by row, DMS's data validation done to the
 * exact key: the source is read in primary-key order a chunk at a time (keyset pagination), each
 * chunk's rows are looked up in the target by key, and then the target's keys are looked up in the
 * source. Lookups go by key values, never by ranges, so the two databases' collations need not
 * agree; values compare as {@link CanonicalValue}s, so the engines need not either.
 */
final class TableComparison {
    /** Rows per chunk: one keyset page, and one {@code IN} list. */
    static final int CHUNK = 500;

    private final Side source;
    private final Side target;
    private final List<String> keys;
    private final List<String> columns;

    /** What the comparison found; keys are the primary-key values, as text. */
    record Report(
            TableName source,
            TableName target,
            long sourceRows,
            long targetRows,
            List<List<String>> missing,
            List<List<String>> extra,
            Map<List<String>, List<String>> changed) {
        boolean same() {
            return missing.isEmpty() && extra.isEmpty() && changed.isEmpty();
        }
    }

    /**
     * One database and table, with that database's quoting and its spelling of each column (a
     * migrated table may have lower-cased names), keyed by the source's name in lower case.
     */
    private record Side(
            Connection connection, TableName table, Identifiers ids, Map<String, String> names) {
        String column(String sourceName) {
            return ids.quote(names.get(sourceName.toLowerCase(Locale.ROOT)));
        }
    }

    TableComparison(
            Connection source, TableName sourceTable, Connection target, TableName targetTable)
            throws SQLException {
        this.keys = primaryKey(source.getMetaData(), sourceTable);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(sourceTable + " has no primary key to compare by");
        }
        List<String> sourceColumns = columns(source.getMetaData(), sourceTable);
        List<String> targetColumns = columns(target.getMetaData(), targetTable);
        if (targetColumns.isEmpty()) {
            throw new IllegalArgumentException("the target has no table " + targetTable);
        }
        Map<String, String> sourceNames = new LinkedHashMap<>();
        Map<String, String> targetNames = new LinkedHashMap<>();
        List<String> absent = new ArrayList<>();
        for (String column : sourceColumns) {
            String lower = column.toLowerCase(Locale.ROOT);
            sourceNames.put(lower, column);
            targetColumns.stream()
                    .filter(column::equalsIgnoreCase)
                    .findFirst()
                    .ifPresentOrElse(t -> targetNames.put(lower, t), () -> absent.add(column));
        }
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(targetTable + " lacks the columns " + absent);
        }
        this.source =
                new Side(source, sourceTable, new Identifiers(source.getMetaData()), sourceNames);
        this.target =
                new Side(target, targetTable, new Identifiers(target.getMetaData()), targetNames);
        this.columns = sourceColumns;
    }

    Report compare() throws SQLException {
        List<List<String>> missing = new ArrayList<>();
        Map<List<String>, List<String>> changed = new LinkedHashMap<>();
        List<Object> after = null;
        while (true) {
            Map<List<String>, Row> page = page(source, columns, after);
            if (page.isEmpty()) {
                break;
            }
            Map<List<String>, Row> found = lookup(target, columns, page.values());
            for (Map.Entry<List<String>, Row> row : page.entrySet()) {
                Row copy = found.get(row.getKey());
                if (copy == null) {
                    missing.add(row.getKey());
                } else {
                    List<String> differing = row.getValue().differingColumns(copy, columns);
                    if (!differing.isEmpty()) {
                        changed.put(row.getKey(), differing);
                    }
                }
            }
            after = last(page).keyValues;
        }
        List<List<String>> extra = new ArrayList<>();
        after = null;
        while (true) {
            Map<List<String>, Row> page = page(target, keys, after);
            if (page.isEmpty()) {
                break;
            }
            Map<List<String>, Row> found = lookup(source, keys, page.values());
            page.keySet().stream().filter(k -> !found.containsKey(k)).forEach(extra::add);
            after = last(page).keyValues;
        }
        return new Report(
                source.table(),
                target.table(),
                count(source),
                count(target),
                missing,
                extra,
                changed);
    }

    /** A row: its key values as given to the database, and canonical text per column. */
    private record Row(List<Object> keyValues, Map<String, String> values) {
        List<String> differingColumns(Row other, List<String> names) {
            return names.stream()
                    .filter(
                            n ->
                                    !java.util.Objects.equals(
                                            values.get(n.toLowerCase(Locale.ROOT)),
                                            other.values.get(n.toLowerCase(Locale.ROOT))))
                    .toList();
        }
    }

    private Map<List<String>, Row> page(Side side, List<String> select, List<Object> after)
            throws SQLException {
        String keyList = keys.stream().map(side::column).collect(Collectors.joining(", "));
        String sql =
                "SELECT "
                        + select.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table())
                        + (after == null
                                ? ""
                                : " WHERE (" + keyList + ") > (" + marks(keys.size()) + ")")
                        + " ORDER BY "
                        + keyList
                        + " LIMIT "
                        + CHUNK;
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            if (after != null) {
                for (int i = 0; i < after.size(); i++) {
                    statement.setObject(i + 1, after.get(i));
                }
            }
            return rows(statement, select);
        }
    }

    private Map<List<String>, Row> lookup(Side side, List<String> select, Iterable<Row> wanted)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        wanted.forEach(rows::add);
        String keyList = keys.stream().map(side::column).collect(Collectors.joining(", "));
        String tuple = "(" + marks(keys.size()) + ")";
        String sql =
                "SELECT "
                        + select.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table())
                        + " WHERE ("
                        + keyList
                        + ") IN ("
                        + String.join(", ", Collections.nCopies(rows.size(), tuple))
                        + ")";
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            int index = 1;
            for (Row row : rows) {
                for (Object value : row.keyValues()) {
                    statement.setObject(index++, value);
                }
            }
            return rows(statement, select);
        }
    }

    private Map<List<String>, Row> rows(PreparedStatement statement, List<String> select)
            throws SQLException {
        Map<List<String>, Row> rows = new LinkedHashMap<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<Object> keyValues = new ArrayList<>();
                List<String> keyText = new ArrayList<>();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < select.size(); i++) {
                    Object value = result.getObject(i + 1);
                    values.put(select.get(i).toLowerCase(Locale.ROOT), CanonicalValue.of(value));
                }
                for (String key : keys) {
                    Object value = result.getObject(select.indexOf(key) + 1);
                    keyValues.add(value);
                    keyText.add(CanonicalValue.of(value));
                }
                rows.put(keyText, new Row(keyValues, values));
            }
        }
        return rows;
    }

    private static Row last(Map<List<String>, Row> page) {
        Row last = null;
        for (Row row : page.values()) {
            last = row;
        }
        return last;
    }

    private static long count(Side side) throws SQLException {
        try (Statement statement = side.connection().createStatement();
                ResultSet result =
                        statement.executeQuery(
                                "SELECT COUNT(*) FROM " + side.ids().table(side.table()))) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** MariaDB and MySQL call the database a catalog; what DMS calls the schema is that. */
    private static boolean schemaIsCatalog(DatabaseMetaData metadata) throws SQLException {
        String product = metadata.getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mariadb") || product.contains("mysql");
    }

    /** The primary key's columns in key order. */
    private static List<String> primaryKey(DatabaseMetaData metadata, TableName table)
            throws SQLException {
        boolean asCatalog = schemaIsCatalog(metadata);
        Map<Short, String> ordered = new java.util.TreeMap<>();
        try (ResultSet keys =
                metadata.getPrimaryKeys(
                        asCatalog ? table.schema() : null,
                        asCatalog ? null : table.schema(),
                        table.table())) {
            while (keys.next()) {
                ordered.put(keys.getShort("KEY_SEQ"), keys.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(ordered.values());
    }

    private static List<String> columns(DatabaseMetaData metadata, TableName table)
            throws SQLException {
        boolean asCatalog = schemaIsCatalog(metadata);
        List<String> names = new ArrayList<>();
        try (ResultSet columns =
                metadata.getColumns(
                        asCatalog ? table.schema() : null,
                        asCatalog ? null : table.schema(),
                        table.table(),
                        null)) {
            while (columns.next()) {
                names.add(columns.getString("COLUMN_NAME"));
            }
        }
        return names;
    }
}
