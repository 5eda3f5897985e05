package io.ferry.source.fullload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The source's connection for a task's readers, reading the load's snapshot when there is one: each
 * new connection (the first, one made after a break) imports it again into a transaction that stays
 * open for the pages that follow.
 */
final class SnapshotConnections implements SegmentReader.Connections {
    private final SegmentReader.Connections source;
    private final Optional<String> snapshot;
    private Connection imported;

    SnapshotConnections(SegmentReader.Connections source, Optional<String> snapshot) {
        this.source = source;
        this.snapshot = snapshot;
    }

    private volatile boolean closed;

    @Override
    public Connection get() throws SQLException {
        if (closed) {
            // A page racing the task's stop: no connection is opened again.
            throw new SQLException("the task is stopping");
        }
        Connection connection = source.get();
        if (snapshot.isPresent() && connection != imported) {
            PostgresSnapshot.read(connection, snapshot.get());
            imported = connection;
        }
        return connection;
    }

    /** No connection is handed out any more. */
    void close() {
        closed = true;
    }

    /**
     * After a failed page: the transaction may be aborted, so the next page imports the snapshot
     * into a new one.
     */
    void reset() {
        Connection current = imported;
        imported = null;
        if (current != null) {
            try {
                current.rollback();
            } catch (SQLException e) {
                // a broken connection: the next one imports again anyway
            }
        }
    }
}
