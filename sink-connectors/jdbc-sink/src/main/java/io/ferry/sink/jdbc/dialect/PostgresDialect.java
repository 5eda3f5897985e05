package io.ferry.sink.jdbc.dialect;

import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.sink.jdbc.table.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/** PostgreSQL, RDS for PostgreSQL and Aurora PostgreSQL. */
final class PostgresDialect implements Dialect {
    private final RowWriter rowWriter = new PostgresRowWriter(this);

    @Override
    public String quote(String identifier) {
        return Engine.POSTGRES.quote(identifier);
    }

    @Override
    public String columnType(Column column, boolean key) {
        return PostgresTypes.sqlType(column.schema());
    }

    /** A varchar too short for the declared length is widened: PostgreSQL rewrites no row. */
    @Override
    public Optional<String> widening(
            Connection connection, TableId table, Column column, boolean key) throws SQLException {
        if (SourceColumnTypes.characterLength(column.schema()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Queries.CatalogColumn> existing = Queries.column(connection, table, column.name());
        if (existing.isEmpty()
                || !existing.get().dataType().equals("character varying")
                || existing.get().length() == null) {
            return Optional.empty(); // not a varchar(n) (an unbounded one holds everything)
        }
        String wanted = columnType(column, key);
        OptionalInt length = Queries.varcharLength(wanted);
        if (length.isPresent() && length.getAsInt() <= existing.get().length()) {
            return Optional.empty();
        }
        return Optional.of(
                "ALTER TABLE "
                        + table(table)
                        + " ALTER COLUMN "
                        + quote(column.name())
                        + " TYPE "
                        + wanted);
    }

    /** 55P03 lock not available (lock_timeout), 57014 statement cancelled (statement_timeout). */
    @Override
    public boolean isInterrupted(SQLException error) {
        return SqlStates.matches(error, "55P03", "57014");
    }

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return Queries.single(connection, "SELECT current_schema()");
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    @Override
    public void lock(Connection connection, String name) throws SQLException {
        advisory(connection, "SELECT pg_advisory_lock(hashtext(?))", name);
    }

    @Override
    public void unlock(Connection connection, String name) throws SQLException {
        advisory(connection, "SELECT pg_advisory_unlock(hashtext(?))", name);
    }

    private static void advisory(Connection connection, String sql, String name)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.execute();
        }
    }

    @Override
    public void relaxConstraints(Connection connection, boolean relaxed) throws SQLException {
        if (!relaxed) {
            return; // SET LOCAL ends with the transaction, committed or rolled back
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
        }
    }

    @Override
    public void timeouts(Properties properties, int seconds) {
        // pgjdbc counts in seconds; settings in the URL take precedence over these.
        properties.setProperty("connectTimeout", "30");
        properties.setProperty("socketTimeout", Integer.toString(seconds));
        properties.setProperty("tcpKeepAlive", "true");
    }

    @Override
    public RowWriter rowWriter() {
        return rowWriter;
    }

    @Override
    public boolean isTransient(SQLException error) {
        // 40001 serialization failure, 40P01 deadlock, 57P01-03 shutdown/cannot connect now,
        // 53300 too many connections, 25006 read-only (an Aurora failover in progress).
        return SqlStates.connectionLost(error)
                || SqlStates.matches(error, "40001", "40P01", "57P0", "53300", "25006");
    }

    @Override
    public boolean isDuplicateKey(SQLException error) {
        return SqlStates.matches(error, "23505");
    }

    @Override
    public boolean isRecordError(SQLException error) {
        // Class 22 data exception (value out of range, invalid text, too long), class 23
        // integrity constraint violation, 02000 an update's row not found (a table without key).
        return !isTransient(error) && SqlStates.matches(error, "22", "23", "02000");
    }
}
