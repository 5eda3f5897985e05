package io.ferry.source;

import io.ferry.dms.Engine;

/**
 * The Debezium connector that captures each engine: its classes, the JMX domain of its metrics, and
 * the key naming the database a DMS endpoint's {@code DatabaseName} names.
 */
public enum DebeziumConnectors {
    POSTGRES("io.debezium.connector.postgresql.PostgresConnector", "debezium.postgres"),
    MYSQL("io.debezium.connector.mysql.MySqlConnector", "debezium.mysql"),
    MARIADB("io.debezium.connector.mariadb.MariaDbConnector", "debezium.mariadb"),
    SQLSERVER("io.debezium.connector.sqlserver.SqlServerConnector", "debezium.sql_server"),
    ORACLE("io.debezium.connector.oracle.OracleConnector", "debezium.oracle");

    final String connectorClass;
    final String taskClass;
    final String metricsDomain;

    DebeziumConnectors(String connectorClass, String metricsDomain) {
        this.connectorClass = connectorClass;
        this.taskClass = connectorClass + "Task";
        this.metricsDomain = metricsDomain;
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
