package io.ferry.source;

import java.util.Locale;
import java.util.Set;

/**
 * A source engine DMS names ({@code EngineName}) and the Debezium connector that captures it. The
 * table identifiers Debezium's lists match are {@code schema.table}, or {@code database.table} for
 * MySQL and MariaDB, where DMS treats the database as the schema.
 */
public enum Engine {
    POSTGRES(
            "io.debezium.connector.postgresql.PostgresConnector",
            "io.debezium.connector.postgresql.PostgresConnectorTask",
            "debezium.postgres"),
    MYSQL(
            "io.debezium.connector.mysql.MySqlConnector",
            "io.debezium.connector.mysql.MySqlConnectorTask",
            "debezium.mysql"),
    MARIADB(
            "io.debezium.connector.mariadb.MariaDbConnector",
            "io.debezium.connector.mariadb.MariaDbConnectorTask",
            "debezium.mariadb"),
    SQLSERVER(
            "io.debezium.connector.sqlserver.SqlServerConnector",
            "io.debezium.connector.sqlserver.SqlServerConnectorTask",
            "debezium.sql_server"),
    ORACLE(
            "io.debezium.connector.oracle.OracleConnector",
            "io.debezium.connector.oracle.OracleConnectorTask",
            "debezium.oracle");

    final String connectorClass;
    final String taskClass;

    /** The JMX domain of Debezium's metrics for this connector. */
    final String metricsDomain;

    Engine(String connectorClass, String taskClass, String metricsDomain) {
        this.connectorClass = connectorClass;
        this.taskClass = taskClass;
        this.metricsDomain = metricsDomain;
    }

    /** DMS's engine names, in any case: {@code aurora-postgresql} is PostgreSQL, and so on. */
    public static Engine of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "postgres", "postgresql", "aurora-postgresql" -> POSTGRES;
            case "mysql", "aurora", "aurora-mysql" -> MYSQL;
            case "mariadb" -> MARIADB;
            case "sqlserver", "sql-server" -> SQLSERVER;
            case "oracle" -> ORACLE;
            default ->
                    throw new IllegalArgumentException(
                            "unknown engine '"
                                    + name
                                    + "': one of postgres, mysql, mariadb, sqlserver, oracle");
        };
    }

    /**
     * The source types DMS treats as LOBs, as Debezium names them (upper case here): what the LOB
     * settings truncate or leave out. SQL Server's {@code (max)} types are not told apart by name.
     */
    public Set<String> lobTypes() {
        return switch (this) {
            case POSTGRES -> Set.of("TEXT", "BYTEA", "JSON", "JSONB", "XML");
            case MYSQL, MARIADB ->
                    Set.of(
                            "TEXT",
                            "MEDIUMTEXT",
                            "LONGTEXT",
                            "BLOB",
                            "MEDIUMBLOB",
                            "LONGBLOB",
                            "JSON");
            case SQLSERVER -> Set.of("TEXT", "NTEXT", "IMAGE", "XML");
            case ORACLE -> Set.of("CLOB", "NCLOB", "BLOB", "LONG", "LONG RAW", "XMLTYPE");
        };
    }

    /**
     * Types that are LOBs only at their largest, told by the length Debezium reports: SQL Server's
     * {@code varchar(max)}, {@code nvarchar(max)}, {@code varbinary(max)}.
     */
    public Set<String> maxLengthLobTypes() {
        return this == SQLSERVER ? Set.of("VARCHAR", "NVARCHAR", "VARBINARY") : Set.of();
    }

    /** Whether a column of this source type and length (null when unknown) is a LOB. */
    public boolean isLob(String type, String length) {
        String upper = type.toUpperCase(Locale.ROOT);
        return lobTypes().contains(upper)
                || maxLengthLobTypes().contains(upper) && isMaxLength(length);
    }

    /** {@code max}: -1, or a length of a billion characters and more (nvarchar: 2^30 - 1). */
    private static boolean isMaxLength(String length) {
        try {
            long n = Long.parseLong(length);
            return n == -1 || n >= 1_073_741_823L;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** MySQL and MariaDB: a binlog, a server id, a schema history; a database is a schema. */
    public boolean binlog() {
        return this == MYSQL || this == MARIADB;
    }

    /**
     * Debezium's key for the database a DMS endpoint's {@code DatabaseName} names: one database for
     * PostgreSQL and Oracle, a list for SQL Server; null for MySQL and MariaDB, which select
     * databases through the table list.
     */
    public String databaseKey() {
        return switch (this) {
            case POSTGRES, ORACLE -> "database.dbname";
            case SQLSERVER -> "database.names";
            case MYSQL, MARIADB -> null;
        };
    }
}
