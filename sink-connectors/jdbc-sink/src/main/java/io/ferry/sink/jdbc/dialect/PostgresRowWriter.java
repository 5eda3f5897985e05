package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL bulk writes: {@code COPY} straight into the table for inserts; for upserts and
 * deletes, {@code COPY} into a temporary staging table shaped like the target, then one set-based
 * {@code INSERT ... ON CONFLICT} or {@code DELETE ... USING}.
 */
final class PostgresRowWriter implements RowWriter {
    private static final int COPY_CHUNK = 1 << 16;

    private final PostgresDialect dialect;

    /** Staging tables created on the current connection, by target table and column list. */
    private final Map<String, String> stages = new HashMap<>();

    /** Never reused: a forgotten stage may still exist in the session. */
    private long nextStage;

    PostgresRowWriter(PostgresDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void insert(Connection connection, TableSpec spec, List<Object[]> rows)
            throws SQLException {
        copy(connection, dialect.table(spec.table()), spec.columns(), all(spec), rows);
    }

    @Override
    public void upsert(Connection connection, TableSpec spec, List<Object[]> rows)
            throws SQLException {
        String stage = stage(connection, spec, spec.columns());
        copy(connection, stage, spec.columns(), all(spec), rows);
        String columns = names(spec.columns());
        String keys = names(spec.keys());
        List<Column> values = spec.values();
        String action =
                values.isEmpty()
                        ? "DO NOTHING"
                        : "DO UPDATE SET "
                                + values.stream()
                                        .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                                        .collect(Collectors.joining(", "));
        execute(
                connection,
                "INSERT INTO "
                        + dialect.table(spec.table())
                        + " ("
                        + columns
                        + ") SELECT "
                        + columns
                        + " FROM "
                        + stage
                        + " ON CONFLICT ("
                        + keys
                        + ") "
                        + action);
    }

    @Override
    public void delete(Connection connection, TableSpec spec, List<Object[]> keys)
            throws SQLException {
        List<Column> keyColumns = spec.keys();
        String stage = stage(connection, spec, keyColumns);
        copy(connection, stage, keyColumns, IntStream.range(0, keyColumns.size()).toArray(), keys);
        String match =
                keyColumns.stream()
                        .map(c -> "t." + quote(c) + " = s." + quote(c))
                        .collect(Collectors.joining(" AND "));
        execute(
                connection,
                "DELETE FROM "
                        + dialect.table(spec.table())
                        + " t USING "
                        + stage
                        + " s WHERE "
                        + match);
    }

    @Override
    public int updateMatching(
            Connection connection, TableSpec spec, Object[] before, Object[] after)
            throws SQLException {
        List<Column> columns = spec.columns();
        String set = columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "));
        String sql =
                "UPDATE "
                        + dialect.table(spec.table())
                        + " SET "
                        + set
                        + " WHERE ctid = (SELECT ctid FROM "
                        + dialect.table(spec.table())
                        + " WHERE "
                        + matchAll(columns)
                        + " LIMIT 1)";
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
                        + " WHERE ctid = (SELECT ctid FROM "
                        + dialect.table(spec.table())
                        + " WHERE "
                        + matchAll(spec.columns())
                        + " LIMIT 1)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, spec.columns(), before);
            return statement.executeUpdate();
        }
    }

    @Override
    public void deleteAll(Connection connection, TableSpec spec) throws SQLException {
        execute(connection, "DELETE FROM " + dialect.table(spec.table()));
    }

    @Override
    public void reset() {
        stages.clear();
    }

    /** A session-private staging table with the target's column types, emptied for reuse. */
    private String stage(Connection connection, TableSpec spec, List<Column> columns)
            throws SQLException {
        String signature = dialect.table(spec.table()) + "(" + names(columns) + ")";
        String stage = stages.get(signature);
        if (stage == null) {
            stage = dialect.quote("ferry_stage_" + nextStage++);
            execute(
                    connection,
                    "CREATE TEMPORARY TABLE "
                            + stage
                            + " ON COMMIT DELETE ROWS AS SELECT "
                            + names(columns)
                            + " FROM "
                            + dialect.table(spec.table())
                            + " WITH NO DATA");
            stages.put(signature, stage);
        } else {
            execute(connection, "TRUNCATE " + stage);
        }
        return stage;
    }

    private void copy(
            Connection connection,
            String table,
            List<Column> columns,
            int[] positions,
            List<Object[]> rows)
            throws SQLException {
        byte[] data = CopyRows.encode(columns, positions, rows);
        CopyIn copy =
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY " + table + " (" + names(columns) + ") FROM STDIN");
        try {
            for (int offset = 0; offset < data.length; offset += COPY_CHUNK) {
                copy.writeToCopy(data, offset, Math.min(COPY_CHUNK, data.length - offset));
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private String matchAll(List<Column> columns) {
        return columns.stream()
                .map(c -> quote(c) + " IS NOT DISTINCT FROM ?")
                .collect(Collectors.joining(" AND "));
    }

    private static void bind(
            PreparedStatement statement, int first, List<Column> columns, Object[] values)
            throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            // Typed as unknown, the text is read by the column's own input function.
            statement.setObject(
                    first + i, PostgresTypes.text(columns.get(i).schema(), values[i]), Types.OTHER);
        }
    }

    private static int[] all(TableSpec spec) {
        return IntStream.range(0, spec.columns().size()).toArray();
    }

    private String quote(Column column) {
        return dialect.quote(column.name());
    }

    private String names(List<Column> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
