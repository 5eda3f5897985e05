package io.ferry.cli;

import io.ferry.dms.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows per source table, estimated the cheap way each engine offers (PostgreSQL's planner
 * statistics, falling back to {@code count(*)} for a never-analysed table; MySQL/MariaDB's {@code
 * information_schema.tables.table_rows}), for full-load progress. Asked once per table.
 */
final class RowEstimates implements AutoCloseable {
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^:}]+):([^}]+)}");

    private final Connection connection;
    private final boolean postgres;
    private final Map<String, Long> estimates = new ConcurrentHashMap<>();

    private RowEstimates(Connection connection, boolean postgres) {
        this.connection = connection;
        this.postgres = postgres;
    }

    /** Estimates from a source connector's own connection settings, when they can be read. */
    static Optional<RowEstimates> forSource(Map<String, String> config) {
        // A DMS source names its engine; a plain Debezium source, its connector class.
        Optional<Engine> engine =
                Engine.find(config.get("source.engine"))
                        .or(() -> Engine.ofProduct(config.get("connector.class")));
        boolean postgres = engine.filter(e -> e == Engine.POSTGRES).isPresent();
        boolean mysql = engine.filter(Engine::binlog).isPresent();
        String host = config.get("database.hostname");
        if (!(postgres || mysql) || host == null) {
            return Optional.empty();
        }
        String port = config.getOrDefault("database.port", postgres ? "5432" : "3306");
        String url =
                postgres
                        ? "jdbc:postgresql://"
                                + host
                                + ":"
                                + port
                                + "/"
                                + config.getOrDefault("database.dbname", "postgres")
                        : "jdbc:mariadb://" + host + ":" + port + "/";
        try {
            Properties props = new Properties();
            props.setProperty("user", resolve(config.getOrDefault("database.user", "")));
            props.setProperty("password", resolve(config.getOrDefault("database.password", "")));
            return Optional.of(new RowEstimates(DriverManager.getConnection(url, props), postgres));
        } catch (Exception e) {
            return Optional.empty(); // progress shows rows without a total
        }
    }

    /** The estimate, or -1 when the table cannot be read. */
    long estimate(String schema, String table) {
        return estimates.computeIfAbsent(schema + "." + table, k -> query(schema, table));
    }

    private synchronized long query(String schema, String table) {
        String sql =
                postgres
                        ? "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON"
                                + " n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                        : "SELECT table_rows FROM information_schema.tables WHERE table_schema = ?"
                                + " AND table_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                long estimate = rows.next() ? rows.getLong(1) : -1;
                return estimate >= 0 ? estimate : postgres ? exactCount(schema, table) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private long exactCount(String schema, String table) throws SQLException {
        Identifiers ids = new Identifiers(connection.getMetaData());
        try (PreparedStatement statement =
                        connection.prepareStatement(
                                "SELECT count(*) FROM " + ids.table(new TableName(schema, table)));
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    /** A {@code ${file:PATH:KEY}} reference read as the worker's FileConfigProvider would. */
    static String resolve(String value) throws Exception {
        Matcher m = FILE_REFERENCE.matcher(value);
        if (!m.matches()) {
            return value;
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of(m.group(1)))) {
            props.load(in);
        }
        return props.getProperty(m.group(2), "");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
