package io.ferry.dms;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A database engine as DMS names it ({@code EngineName}): the one classification of engine names in
 * Ferry. Also classifies what a JDBC driver reports as its product, so two connections can be told
 * to be the same engine. MySQL and MariaDB form one family: a binlog, and a database that DMS
 * treats as the schema.
 */
public enum Engine {
    POSTGRES("PostgreSQLSettings"),
    MYSQL("MySQLSettings"),
    MARIADB("MySQLSettings"),
    SQLSERVER("MicrosoftSQLServerSettings"),
    ORACLE("OracleSettings");

    private final String settingsBlock;

    Engine(String settingsBlock) {
        this.settingsBlock = settingsBlock;
    }

    /** DMS's engine names, in any case: {@code aurora-postgresql} is PostgreSQL, and so on. */
    public static Engine of(String name) {
        return find(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown engine '"
                                                + name
                                                + "': one of postgres, mysql, mariadb, sqlserver,"
                                                + " oracle"));
    }

    /** The engine a DMS engine name names, or empty for other names (s3, dynamodb...). */
    public static Optional<Engine> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql", "aurora-postgresql" -> Optional.of(POSTGRES);
            case "mysql", "aurora", "aurora-mysql" -> Optional.of(MYSQL);
            case "mariadb" -> Optional.of(MARIADB);
            case "sqlserver", "sql-server" -> Optional.of(SQLSERVER);
            case "oracle" -> Optional.of(ORACLE);
            default -> Optional.empty();
        };
    }

    /**
     * The engine a JDBC driver's {@code getDatabaseProductName()} names ("PostgreSQL", "MariaDB",
     * "MySQL", "Microsoft SQL Server", "Oracle"); the names of Debezium's connector classes read
     * alike. Empty when none is named.
     */
    public static Optional<Engine> ofProduct(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return Optional.of(POSTGRES);
        }
        if (p.contains("mariadb")) {
            return Optional.of(MARIADB);
        }
        if (p.contains("mysql")) {
            return Optional.of(MYSQL);
        }
        if (p.contains("sql server") || p.contains("sqlserver")) {
            return Optional.of(SQLSERVER);
        }
        return p.contains("oracle") ? Optional.of(ORACLE) : Optional.empty();
    }

    /** MySQL and MariaDB: a binlog, a server id; a database is a schema. */
    public boolean binlog() {
        return this == MYSQL || this == MARIADB;
    }

    /** Whether the two engines write SQL, hash and quote alike (MySQL and MariaDB do). */
    public boolean sameFamily(Engine other) {
        return this == other || binlog() && other.binlog();
    }

    /**
     * An identifier quoted for this engine's SQL, any quote inside it doubled: backticks for MySQL
     * and MariaDB, double quotes (the standard's) for the others. The one quoting of identifiers in
     * Ferry: the sources, the JDBC sink's dialects and the CLI's checks all use it.
     */
    public String quote(String identifier) {
        return binlog()
                ? '`' + identifier.replace("`", "``") + '`'
                : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The endpoint settings block of this engine in a DMS endpoint ({@code MySQLSettings}...). */
    public String settingsBlock() {
        return settingsBlock;
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
}
