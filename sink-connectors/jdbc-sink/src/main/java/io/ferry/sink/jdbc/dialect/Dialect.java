package io.ferry.sink.jdbc.dialect;

import io.ferry.common.TableId;
import io.ferry.sink.jdbc.table.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What differs between target databases: identifier quoting, column types, DDL, locks, bulk writing
 * and the meaning of error codes. One implementation per database family.
 */
public interface Dialect {
    /** The identifier quoted, with embedded quote characters doubled. */
    String quote(String identifier);

    default String table(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /** The SQL type of a column, by its Connect schema; key columns need indexable types. */
    String columnType(Column column, boolean key);

    /** The SQL types of a new table's columns, in order: each by {@link #columnType}. */
    default List<String> columnTypes(List<Column> columns, Set<String> keys) {
        return columns.stream().map(c -> columnType(c, keys.contains(c.name()))).toList();
    }

    /**
     * The statement that lets an existing character column hold what {@code column} now declares (a
     * source {@code varchar(20)} widened to 40), when its type cannot; empty when it can, and for a
     * column of another type, which Ferry leaves as it is.
     */
    Optional<String> widening(Connection connection, TableId table, Column column, boolean key)
            throws SQLException;

    /** The schema (MySQL/MariaDB: database) unqualified names resolve to. */
    String defaultSchema(Connection connection) throws SQLException;

    String createSchema(String schema);

    /** Appended to every CREATE TABLE: what the table needs whatever the server's defaults are. */
    default String tableOptions(Connection connection) throws SQLException {
        return "";
    }

    /** Settings every session needs whatever the server's defaults are; run once it opens. */
    default void startSession(Connection connection) throws SQLException {}

    /** Takes a named lock across sessions, waiting for it; see {@link #unlock}. */
    void lock(Connection connection, String name) throws SQLException;

    void unlock(Connection connection, String name) throws SQLException;

    /**
     * Skips foreign keys and triggers for the current full-load transaction ({@code true}), and
     * back after it ({@code false}). Called again after a rollback within the batch.
     */
    void relaxConstraints(Connection connection, boolean relaxed) throws SQLException;

    RowWriter rowWriter();

    /**
     * Driver settings that bound a connection's waits: connecting (30 s), each reply ({@code
     * seconds}, 0 for none) and TCP keep-alive, so a half-open connection fails instead of hanging.
     */
    void timeouts(Properties properties, int seconds);

    /** Worth retrying the whole batch on a fresh connection: lost connection, deadlock. */
    boolean isTransient(SQLException error);

    boolean isDuplicateKey(SQLException error);

    /**
     * A table or column refused for its declared size (MySQL/MariaDB: a row or a column too large):
     * created again with its strings unbounded.
     */
    default boolean isTooLarge(SQLException error) {
        return false;
    }

    /** A statement or lock wait timed out or was cancelled: worth trying again, not a refusal. */
    boolean isInterrupted(SQLException error);

    /**
     * The error belongs to the record being written — a constraint it breaks, a value the column
     * cannot hold — so the record may go to the dead-letter queue. Anything else (a lost
     * connection, a lock or statement timeout, a full disk, a missing permission or table) is the
     * environment's: retried, then the task fails; it never makes a record "bad".
     */
    boolean isRecordError(SQLException error);
}
