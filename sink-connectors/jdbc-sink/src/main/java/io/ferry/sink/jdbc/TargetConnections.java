package io.ferry.sink.jdbc;

import io.ferry.sink.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the target, opened one way for the tasks and for {@code config/validate}. */
final class TargetConnections {
    private TargetConnections() {}

    static Connection open(JdbcSinkConfig config, Dialect dialect) throws SQLException {
        Properties properties = new Properties();
        dialect.timeouts(properties, config.executeTimeoutSeconds());
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        Connection connection =
                DriverManager.getConnection(config.target().driverUrl(), properties);
        try {
            dialect.startSession(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The key a failed connection points at: the password or user when the database refused them
     * (SQLSTATE class 28), else the URL.
     */
    static String keyAtFault(SQLException e, JdbcSinkConfig config) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("28")) {
            return config.password() != null ? JdbcSinkConfig.PASSWORD : JdbcSinkConfig.USER;
        }
        return JdbcSinkConfig.URL;
    }
}
