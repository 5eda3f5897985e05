package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** MySQL and MariaDB, on RDS and Aurora MySQL too. A schema here is a database. */
final class MariaDbDialect implements Dialect {
    private static final String CHARSET = "utf8mb4";

    /** Seconds to wait for another task's table preparation. */
    private static final int LOCK_TIMEOUT_SECONDS = 600;

    private final RowWriter rowWriter = new MariaDbRowWriter(this);

    /** The collation of the tables Ferry creates, found on the server the first time. */
    private String collation;

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String columnType(Column column, boolean key) {
        return MariaDbTypes.sqlType(column.schema(), key);
    }

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return Queries.single(connection, "SELECT DATABASE()");
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(schema) + " CHARACTER SET " + CHARSET;
    }

    /**
     * Every table in utf8mb4 whatever the server's or database's default (often latin1, where the
     * first character beyond it fails the write), with a binary collation that does not pad: keys
     * that differ only in case, accents or trailing spaces stay different rows, as in the source.
     * MySQL 8 calls it {@code utf8mb4_0900_bin}, MariaDB {@code utf8mb4_nopad_bin}; older servers
     * have only the padding {@code utf8mb4_bin}.
     */
    @Override
    public String tableOptions(Connection connection) throws SQLException {
        if (collation == null) {
            collation =
                    Queries.optional(
                                    connection,
                                    "SELECT collation_name FROM information_schema.collations"
                                            + " WHERE collation_name IN ('utf8mb4_0900_bin',"
                                            + " 'utf8mb4_nopad_bin') ORDER BY collation_name"
                                            + " LIMIT 1")
                            .orElse(CHARSET + "_bin");
        }
        return " DEFAULT CHARACTER SET " + CHARSET + " COLLATE " + collation;
    }

    @Override
    public void lock(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT GET_LOCK(SHA1(?), ?)")) {
            statement.setString(1, name);
            statement.setInt(2, LOCK_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    throw new SQLException("timed out waiting for lock " + name, "HY000");
                }
            }
        }
    }

    @Override
    public void unlock(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT RELEASE_LOCK(SHA1(?))")) {
            statement.setString(1, name);
            statement.execute();
        }
    }

    @Override
    public void relaxConstraints(Connection connection, boolean relaxed) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET foreign_key_checks = " + (relaxed ? 0 : 1));
        }
    }

    @Override
    public void timeouts(Properties properties, int seconds) {
        // The MariaDB driver counts in milliseconds.
        properties.setProperty("connectTimeout", "30000");
        properties.setProperty("socketTimeout", Integer.toString(seconds * 1000));
        properties.setProperty("tcpKeepAlive", "true");
    }

    @Override
    public RowWriter rowWriter() {
        return rowWriter;
    }

    @Override
    public boolean isTransient(SQLException error) {
        // 1213 deadlock, 1205 lock wait timeout, 2006/2013 server gone, 1290/1836 read-only
        // (a failover in progress).
        return SqlStates.connectionLost(error)
                || SqlStates.hasCode(error, 1213, 1205, 2006, 2013, 1290, 1836);
    }

    @Override
    public boolean isDuplicateKey(SQLException error) {
        return SqlStates.hasCode(error, 1062);
    }

    @Override
    public boolean isRecordError(SQLException error) {
        // SQLSTATE 22xxx/23xxx, 02000 (an update's row not found), and the value errors MariaDB
        // reports as HY000/01000: 1265 data truncated, 1366 incorrect value, 1292 incorrect
        // datetime, 1411 incorrect value for a function, 4025 (MariaDB) and 3819 (MySQL) CHECK
        // constraint failed.
        return !isTransient(error)
                && (SqlStates.matches(error, "22", "23", "02000")
                        || SqlStates.hasCode(error, 1265, 1366, 1292, 1411, 4025, 3819));
    }
}
