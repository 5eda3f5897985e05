package io.ferry.sink.jdbc.dialect;

import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.sink.jdbc.table.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MySQL and MariaDB, on RDS and Aurora MySQL too. A schema here is a database. */
final class MariaDbDialect implements Dialect {
    private static final Logger LOG = LoggerFactory.getLogger(MariaDbDialect.class);

    private static final String CHARSET = "utf8mb4";

    /** Seconds to wait for another task's table preparation. */
    private static final int LOCK_TIMEOUT_SECONDS = 600;

    private final RowWriter rowWriter = new MariaDbRowWriter(this);

    /** The collation of the tables Ferry creates, found on the server the first time. */
    private String collation;

    @Override
    public String quote(String identifier) {
        return Engine.MARIADB.quote(identifier);
    }

    @Override
    public String columnType(Column column, boolean key) {
        return MariaDbTypes.sqlType(column.schema(), key);
    }

    /** Within InnoDB's row and key limits ({@link MariaDbRowBudget}). */
    @Override
    public List<String> columnTypes(List<Column> columns, Set<String> keys) {
        List<String> types = new ArrayList<>();
        List<Boolean> key = new ArrayList<>();
        for (Column column : columns) {
            key.add(keys.contains(column.name()));
            types.add(columnType(column, key.get(key.size() - 1)));
        }
        List<String> keyed = MariaDbRowBudget.keyFitted(types, key);
        if (!keyed.equals(types)) {
            LOG.warn(
                    "A key of {} passes InnoDB's 3,072-byte key limit: its varchars are created"
                            + " shorter ({}); longer key values will be refused",
                    types,
                    keyed);
        }
        return MariaDbRowBudget.fitted(keyed, key);
    }

    /**
     * A varchar too short for the declared length is widened, in its own character set and
     * collation, keeping its nullability; to {@code longtext} where the row would not fit.
     */
    @Override
    public Optional<String> widening(
            Connection connection, TableId table, Column column, boolean key) throws SQLException {
        if (SourceColumnTypes.characterLength(column.schema()).isEmpty()) {
            return Optional.empty();
        }
        String collation = null;
        boolean nullable = false;
        List<MariaDbRowBudget.Existing> existing = new ArrayList<>();
        MariaDbRowBudget.Existing current = null;
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT column_name, column_type, is_nullable, collation_name, column_key,"
                                + " column_default, column_comment FROM information_schema.columns"
                                + " WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    MariaDbRowBudget.Existing one =
                            new MariaDbRowBudget.Existing(
                                    rows.getString(2).toLowerCase(java.util.Locale.ROOT),
                                    "PRI".equalsIgnoreCase(rows.getString(5)));
                    existing.add(one);
                    if (rows.getString(1).equalsIgnoreCase(column.name())) {
                        String defaultValue = rows.getString(6);
                        if (defaultValue != null && !defaultValue.equalsIgnoreCase("NULL")
                                || !rows.getString(7).isEmpty()) {
                            // MODIFY would drop what a user gave the column: left as it is.
                            return Optional.empty();
                        }
                        current = one;
                        nullable = "YES".equalsIgnoreCase(rows.getString(3));
                        collation = rows.getString(4);
                    }
                }
            }
        }
        if (current == null) {
            return Optional.empty();
        }
        Optional<String> wanted =
                MariaDbRowBudget.widened(existing, current, columnType(column, key));
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                "ALTER TABLE "
                        + table(table)
                        + " MODIFY COLUMN "
                        + quote(column.name())
                        + " "
                        + wanted.get()
                        + (collation == null ? "" : " COLLATE " + collation)
                        + (nullable ? " NULL" : " NOT NULL"));
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

    /**
     * Strict for every table: a server whose {@code sql_mode} is not (MySQL 5.6's default, an RDS
     * parameter group without it) would cut a value too long for its column, or round one with too
     * many decimals, with no more than a warning.
     */
    @Override
    public void startSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''),"
                            + " 'STRICT_ALL_TABLES')");
        }
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

    /** 1317 query interrupted, 1969 (MariaDB) and 3024 (MySQL) statement time exceeded. */
    @Override
    public boolean isInterrupted(SQLException error) {
        return SqlStates.hasCode(error, 1317, 1969, 3024);
    }

    /** 1118 row size too large, 1074 column length too big. */
    @Override
    public boolean isTooLarge(SQLException error) {
        return SqlStates.hasCode(error, 1118, 1074);
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
        // constraint failed, 1364 a NOT NULL column without a default the record has no value for
        // (as 1048, NULL into NOT NULL, is 23000).
        return !isTransient(error)
                && (SqlStates.matches(error, "22", "23", "02000")
                        || SqlStates.hasCode(error, 1265, 1366, 1292, 1411, 4025, 3819, 1364));
    }
}
