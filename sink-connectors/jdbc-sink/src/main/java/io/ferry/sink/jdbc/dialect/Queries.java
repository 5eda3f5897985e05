package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Small reads, and statement text, the dialects share. */
final class Queries {
    private Queries() {}

    /** The first column of the first row of a constant query. */
    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The first column of the first row of a constant query, if it returns a row. */
    static Optional<String> optional(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }

    /** {@code UPDATE t SET c1 = ?, … WHERE k1 = ? AND …}: the columns, then the key, bound. */
    static String updateByKey(Dialect dialect, TableSpec spec, List<Column> columns) {
        return "UPDATE "
                + dialect.table(spec.table())
                + " SET "
                + columns.stream()
                        .map(c -> dialect.quote(c.name()) + " = ?")
                        .collect(Collectors.joining(", "))
                + " WHERE "
                + spec.keys().stream()
                        .map(c -> dialect.quote(c.name()) + " = ?")
                        .collect(Collectors.joining(" AND "));
    }
}
