package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB bulk writes: multi-row statements of up to {@value #MAX_ROWS} rows. Upserts use
 * {@code ON DUPLICATE KEY UPDATE} only when the primary key is the table's one unique key: with
 * another unique key it would update whichever row that key matched, so there the rows' keys are
 * deleted first and the rows inserted.
 */
final class MariaDbRowWriter implements RowWriter {
    private static final int MAX_ROWS = 1_000;
    private static final int MAX_PARAMETERS = 60_000;

    private final MariaDbDialect dialect;
    private final Map<String, Boolean> primaryKeyOnlyUnique = new HashMap<>();

    MariaDbRowWriter(MariaDbDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void insert(Connection connection, TableSpec spec, List<Object[]> rows)
            throws SQLException {
        insert(connection, spec, rows, "");
    }

    @Override
    public void upsert(Connection connection, TableSpec spec, List<Object[]> rows)
            throws SQLException {
        List<Column> values = spec.values();
        if (values.isEmpty()) {
            // Not INSERT IGNORE: it would turn foreign-key and truncation errors into warnings.
            String first = quote(spec.keys().get(0));
            insert(connection, spec, rows, " ON DUPLICATE KEY UPDATE " + first + " = " + first);
            return;
        }
        if (!primaryKeyOnlyUnique(connection, spec)) {
            delete(connection, spec, keysOf(spec, rows));
            insert(connection, spec, rows);
            return;
        }
        String update =
                " ON DUPLICATE KEY UPDATE "
                        + values.stream()
                                .map(c -> quote(c) + " = VALUES(" + quote(c) + ")")
                                .collect(Collectors.joining(", "));
        insert(connection, spec, rows, update);
    }

    @Override
    public void delete(Connection connection, TableSpec spec, List<Object[]> keys)
            throws SQLException {
        List<Column> keyColumns = spec.keys();
        int chunk = chunk(keyColumns.size());
        for (int from = 0; from < keys.size(); from += chunk) {
            List<Object[]> part = keys.subList(from, Math.min(keys.size(), from + chunk));
            String where =
                    keyColumns.size() == 1
                            ? quote(keyColumns.get(0))
                                    + " IN ("
                                    + String.join(", ", Collections.nCopies(part.size(), "?"))
                                    + ")"
                            : String.join(
                                    " OR ",
                                    Collections.nCopies(
                                            part.size(), "(" + keyMatch(keyColumns) + ")"));
            String sql = "DELETE FROM " + dialect.table(spec.table()) + " WHERE " + where;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object[] key : part) {
                    for (int i = 0; i < keyColumns.size(); i++) {
                        statement.setObject(
                                index++, MariaDbTypes.value(keyColumns.get(i).schema(), key[i]));
                    }
                }
                statement.executeUpdate();
            }
        }
    }

    @Override
    public int updateMatching(
            Connection connection, TableSpec spec, Object[] before, Object[] after)
            throws SQLException {
        List<Column> columns = spec.columns();
        String sql =
                "UPDATE "
                        + dialect.table(spec.table())
                        + " SET "
                        + columns.stream()
                                .map(c -> quote(c) + " = ?")
                                .collect(Collectors.joining(", "))
                        + " WHERE "
                        + matchAll(columns)
                        + " LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, columns, after);
            bind(statement, 1 + columns.size(), columns, before);
            return statement.executeUpdate();
        }
    }

    @Override
    public int updateColumns(
            Connection connection,
            TableSpec spec,
            List<Column> columns,
            Object[] values,
            Object[] key)
            throws SQLException {
        String sql = Queries.updateByKey(dialect, spec, columns);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, columns, values);
            bind(statement, 1 + columns.size(), spec.keys(), key);
            return statement.executeUpdate();
        }
    }

    @Override
    public int deleteMatching(Connection connection, TableSpec spec, Object[] before)
            throws SQLException {
        String sql =
                "DELETE FROM "
                        + dialect.table(spec.table())
                        + " WHERE "
                        + matchAll(spec.columns())
                        + " LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, spec.columns(), before);
            return statement.executeUpdate();
        }
    }

    @Override
    public void deleteAll(Connection connection, TableSpec spec) throws SQLException {
        // Not TRUNCATE: that is DDL here, and would commit the batch's transaction.
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + dialect.table(spec.table()));
        }
    }

    @Override
    public void reset() {
        primaryKeyOnlyUnique.clear();
    }

    private void insert(Connection connection, TableSpec spec, List<Object[]> rows, String suffix)
            throws SQLException {
        List<Column> columns = spec.columns();
        String head =
                "INSERT INTO "
                        + dialect.table(spec.table())
                        + " ("
                        + columns.stream().map(this::quote).collect(Collectors.joining(", "))
                        + ") VALUES ";
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        int chunk = chunk(columns.size());
        for (int from = 0; from < rows.size(); from += chunk) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            String sql = head + String.join(", ", Collections.nCopies(part.size(), tuple)) + suffix;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object[] row : part) {
                    bind(statement, index, columns, row);
                    index += columns.size();
                }
                statement.executeUpdate();
            }
        }
    }

    private boolean primaryKeyOnlyUnique(Connection connection, TableSpec spec)
            throws SQLException {
        String table = dialect.table(spec.table());
        Boolean known = primaryKeyOnlyUnique.get(table);
        if (known == null) {
            try (PreparedStatement statement =
                    connection.prepareStatement(
                            "SELECT COUNT(*) FROM information_schema.statistics WHERE"
                                    + " table_schema = ? AND table_name = ? AND non_unique = 0"
                                    + " AND index_name <> 'PRIMARY'")) {
                statement.setString(1, spec.table().schema());
                statement.setString(2, spec.table().table());
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    known = result.getLong(1) == 0;
                }
            }
            primaryKeyOnlyUnique.put(table, known);
        }
        return known;
    }

    private static List<Object[]> keysOf(TableSpec spec, List<Object[]> rows) {
        List<String> names = spec.keyColumns();
        int[] positions = new int[names.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = spec.columns().indexOf(spec.keys().get(i));
        }
        return rows.stream()
                .map(
                        row -> {
                            Object[] key = new Object[positions.length];
                            for (int i = 0; i < positions.length; i++) {
                                key[i] = row[positions[i]];
                            }
                            return key;
                        })
                .toList();
    }

    private String matchAll(List<Column> columns) {
        return columns.stream().map(c -> quote(c) + " <=> ?").collect(Collectors.joining(" AND "));
    }

    private String keyMatch(List<Column> keys) {
        return keys.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    private static void bind(
            PreparedStatement statement, int first, List<Column> columns, Object[] values)
            throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            statement.setObject(first + i, MariaDbTypes.value(columns.get(i).schema(), values[i]));
        }
    }

    private static int chunk(int width) {
        return Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / Math.max(1, width)));
    }

    private String quote(Column column) {
        return dialect.quote(column.name());
    }
}
