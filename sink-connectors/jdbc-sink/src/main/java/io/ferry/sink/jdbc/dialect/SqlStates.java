package io.ferry.sink.jdbc.dialect;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Error classification shared by the dialects, walking the cause chain. */
final class SqlStates {
    private SqlStates() {}

    /** True if this error or one it wraps has one of the SQL states (prefixes) given. */
    static boolean matches(SQLException error, String... prefixes) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                for (String prefix : prefixes) {
                    if (sql.getSQLState().startsWith(prefix)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean hasCode(SQLException error, int... codes) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (int code : codes) {
                    if (sql.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Connection-class errors (08xxx) and the driver's own transient markers. */
    static boolean connectionLost(SQLException error) {
        return error instanceof SQLTransientException
                || error instanceof SQLRecoverableException
                || matches(error, "08");
    }
}
