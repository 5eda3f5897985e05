package io.ferry.source.fullload;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which database errors the environment causes and a retry can outlive — a lost or refused
 * connection, a server shutting down, a deadlock or serialization failure, exhausted resources — as
 * opposed to what no retry changes (a permission, a dropped table, a bad value).
 */
final class SourceErrors {
    /** MySQL and MariaDB: lock wait timeout, deadlock, server gone away, lost connection. */
    private static final Set<Integer> BINLOG_TRANSIENT = Set.of(1205, 1213, 2006, 2013);

    private SourceErrors() {}

    /** Whether {@code e} or one of its causes is such an error (Debezium wraps some). */
    static boolean transient_(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && transientState(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientState(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") // connection exception
                || state.startsWith("57P") // operator intervention: shutdown, cannot connect now
                || state.startsWith("53") // insufficient resources
                || state.equals("40001") // serialization failure
                || state.equals("40P01") // deadlock
                || state.equals("HYT00") // timeout
                || BINLOG_TRANSIENT.contains(e.getErrorCode());
    }
}
