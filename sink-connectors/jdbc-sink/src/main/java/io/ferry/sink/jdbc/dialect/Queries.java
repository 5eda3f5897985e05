package io.ferry.sink.jdbc.dialect;

import io.ferry.common.TableId;
import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small reads, and statement text, the dialects share. */
final class Queries {
    private static final Pattern VARCHAR = Pattern.compile("varchar\\((\\d+)\\)");

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

    /** The length of a {@code varchar(n)} type; empty for any other type. */
    static OptionalInt varcharLength(String type) {
        Matcher varchar = VARCHAR.matcher(type);
        return varchar.matches()
                ? OptionalInt.of(Integer.parseInt(varchar.group(1)))
                : OptionalInt.empty();
    }

    /**
     * A character column's declared length, data type and nullability as the catalog holds them;
     * empty when the table has no such column.
     */
    static Optional<CatalogColumn> column(Connection connection, TableId table, String column)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT data_type, character_maximum_length, is_nullable FROM"
                                + " information_schema.columns WHERE table_schema = ? AND"
                                + " table_name = ? AND column_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            statement.setString(3, column);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long length = rows.getLong(2);
                Long declared = rows.wasNull() ? null : length; // unbounded: no length
                return Optional.of(
                        new CatalogColumn(
                                rows.getString(1).toLowerCase(java.util.Locale.ROOT),
                                declared,
                                "YES".equalsIgnoreCase(rows.getString(3))));
            }
        }
    }

    /** A column as {@code information_schema.columns} describes it. */
    record CatalogColumn(String dataType, Long length, boolean nullable) {}

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
