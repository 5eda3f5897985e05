package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes rows of one table set-based, inside the caller's transaction. Rows are value arrays in the
 * spec's column order (Connect values, converted by the dialect's types); keys are arrays in key
 * column order.
 */
public interface RowWriter {
    /** Plain inserts, the fastest path; fails on a duplicate key. */
    void insert(Connection connection, TableSpec spec, List<Object[]> rows) throws SQLException;

    /** Insert or replace by key; keys are unique within {@code rows}. */
    void upsert(Connection connection, TableSpec spec, List<Object[]> rows) throws SQLException;

    /**
     * Sets only {@code columns} of the row with {@code key} (key column order), leaving the others
     * as they are: an update that does not carry every column.
     *
     * @param values in {@code columns} order
     * @return rows changed (0 or 1)
     */
    int updateColumns(
            Connection connection,
            TableSpec spec,
            List<Column> columns,
            Object[] values,
            Object[] key)
            throws SQLException;

    /** Delete by key; a key with no row is no error. */
    void delete(Connection connection, TableSpec spec, List<Object[]> keys) throws SQLException;

    /**
     * For tables without a key: replace one row equal to {@code before} in every column.
     *
     * @return rows changed (0 or 1)
     */
    int updateMatching(Connection connection, TableSpec spec, Object[] before, Object[] after)
            throws SQLException;

    /** For tables without a key: delete one row equal to {@code before} in every column. */
    int deleteMatching(Connection connection, TableSpec spec, Object[] before) throws SQLException;

    /** Deletes every row, transactionally (a captured TRUNCATE). */
    void deleteAll(Connection connection, TableSpec spec) throws SQLException;

    /** Forgets what it prepared on a connection that is gone. */
    void reset();
}
