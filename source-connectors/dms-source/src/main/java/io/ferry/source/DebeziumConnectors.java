package io.ferry.source;

import io.ferry.dms.Engine;

/**
 * The Debezium connector that captures each engine: its classes, the JMX domain of its metrics, the
 * name its events' source block gives it, and the key naming the database a DMS endpoint's {@code
 * DatabaseName} names.
 */
public enum DebeziumConnectors {
    POSTGRES("io.debezium.connector.postgresql.PostgresConnector", "postgres", "postgresql"),
    MYSQL("io.debezium.connector.mysql.MySqlConnector", "mysql", "mysql"),
    MARIADB("io.debezium.connector.mariadb.MariaDbConnector", "mariadb", "mariadb"),
    SQLSERVER("io.debezium.connector.sqlserver.SqlServerConnector", "sql_server", "sqlserver"),
    ORACLE("io.debezium.connector.oracle.OracleConnector", "oracle", "oracle");

    final String connectorClass;
    final String taskClass;
    final String metricsDomain;

    /** The {@code connector} field of Debezium's source block for this connector. */
    final String sourceName;

    DebeziumConnectors(String connectorClass, String metrics, String sourceName) {
        this.connectorClass = connectorClass;
        this.taskClass = connectorClass + "Task";
        this.metricsDomain = "debezium." + metrics;
        this.sourceName = sourceName;
    }

    static DebeziumConnectors of(Engine engine) {
        return valueOf(engine.name());
    }

    /**
     * Debezium's key for the database a DMS endpoint's {@code DatabaseName} names: one database for
     * PostgreSQL and Oracle, a list for SQL Server; null for MySQL and MariaDB, which select
     * databases through the table list.
     */
    public static String databaseKey(Engine engine) {
        return switch (engine) {
            case POSTGRES, ORACLE -> "database.dbname";
            case SQLSERVER -> "database.names";
            case MYSQL, MARIADB -> null;
        };
    }
}
