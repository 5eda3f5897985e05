package io.ferry.sink.jdbc.dialect;

import io.ferry.common.TableId;
import io.ferry.sink.jdbc.table.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

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

    /** The schema (MySQL/MariaDB: database) unqualified names resolve to. */
    String defaultSchema(Connection connection) throws SQLException;

    String createSchema(String schema);

    /** Appended to every CREATE TABLE: what the table needs whatever the server's defaults are. */
    default String tableOptions(Connection connection) throws SQLException {
        return "";
    }

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
     * The error belongs to the record being written — a constraint it breaks, a value the column
     * cannot hold — so the record may go to the dead-letter queue. Anything else (a lost
     * connection, a lock or statement timeout, a full disk, a missing permission or table) is the
     * environment's: retried, then the task fails; it never makes a record "bad".
     */
    boolean isRecordError(SQLException error);
}
