package io.ferry.source;

import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A plain JDBC connection to the source database, from Debezium's connection settings: for what
 * Ferry reads itself at validation and start (tables without a key, column types). Drivers are used
 * directly: DriverManager does not see the drivers of a plugin's class loader.
 */
public final class SourceConnections {
    private static final Map<String, String> POSTGRES_SSL =
            Map.of(
                    "database.sslmode", "sslmode",
                    "database.sslrootcert", "sslrootcert",
                    "database.sslcert", "sslcert",
                    "database.sslkey", "sslkey",
                    "database.sslpassword", "sslpassword");

    /** Debezium's binlog {@code database.ssl.mode} as the MariaDB driver's {@code sslMode}. */
    private static final Map<String, String> BINLOG_SSL =
            Map.of(
                    "disabled", "disable",
                    "required", "trust",
                    "verify_ca", "verify-ca",
                    "verify_identity", "verify-full");

    private static final int TIMEOUT_SECONDS = 10;

    private SourceConnections() {}

    /** PostgreSQL and the binlog engines (MySQL, MariaDB); others are refused. */
    public static Connection open(Engine engine, Map<String, String> debezium) throws SQLException {
        return open(engine, debezium, new Properties());
    }

    /**
     * @param extra driver properties beside or over those of the settings (a replication
     *     connection's, timeouts)
     */
    public static Connection open(Engine engine, Map<String, String> debezium, Properties extra)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", debezium.getOrDefault("database.user", ""));
        props.setProperty("password", debezium.getOrDefault("database.password", ""));
        String host = debezium.getOrDefault("database.hostname", "localhost");
        if (engine == Engine.POSTGRES) {
            POSTGRES_SSL.forEach(
                    (key, property) -> {
                        if (debezium.get(key) != null) {
                            props.setProperty(property, debezium.get(key));
                        }
                    });
            props.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
            props.setProperty("socketTimeout", Integer.toString(3 * TIMEOUT_SECONDS));
            props.putAll(extra);
            String url =
                    "jdbc:postgresql://"
                            + host
                            + ":"
                            + debezium.getOrDefault("database.port", "5432")
                            + "/"
                            + debezium.getOrDefault("database.dbname", "");
            return new org.postgresql.Driver().connect(url, props);
        }
        if (engine.binlog()) {
            String ssl =
                    debezium.getOrDefault("database.ssl.mode", "preferred")
                            .toLowerCase(java.util.Locale.ROOT);
            // MySQL 8's default login over a connection without TLS needs the server's key.
            props.setProperty("allowPublicKeyRetrieval", "true");
            props.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS * 1000));
            props.setProperty("socketTimeout", Integer.toString(3 * TIMEOUT_SECONDS * 1000));
            props.putAll(extra);
            String url =
                    "jdbc:mariadb://"
                            + host
                            + ":"
                            + debezium.getOrDefault("database.port", "3306")
                            + "/";
            org.mariadb.jdbc.Driver driver = new org.mariadb.jdbc.Driver();
            if (BINLOG_SSL.containsKey(ssl)) {
                props.setProperty("sslMode", BINLOG_SSL.get(ssl));
                return driver.connect(url, props);
            }
            // Debezium's default, preferred: TLS where the server offers it.
            props.setProperty("sslMode", "trust");
            try {
                return driver.connect(url, props);
            } catch (SQLException e) {
                props.setProperty("sslMode", "disable");
                return driver.connect(url, props);
            }
        }
        throw new SQLException("no plain connection to a " + engine + " source");
    }
}
