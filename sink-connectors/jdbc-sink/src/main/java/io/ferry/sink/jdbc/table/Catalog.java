package io.ferry.sink.jdbc.table;

import io.ferry.common.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What exists in the target, from {@code information_schema}, which PostgreSQL and MySQL/MariaDB
 * share. Names are exact: no LIKE patterns, so underscores match only underscores.
 */
final class Catalog {
    private Catalog() {}

    static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The table's column names in lower case (MySQL compares them so); empty if no table. */
    static Set<String> columns(Connection connection, TableId table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = ?"
                                + " AND table_name = ?")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(lower(rows.getString(1)));
                }
            }
        }
        return columns;
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The scale of each fixed-point column (numeric/decimal with a scale), by lower-case name. */
    static Map<String, Integer> decimalScales(Connection connection, TableId table)
            throws SQLException {
        Map<String, Integer> scales = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT column_name, numeric_scale FROM information_schema.columns WHERE"
                                + " table_schema = ? AND table_name = ? AND data_type IN"
                                + " ('numeric', 'decimal') AND numeric_scale IS NOT NULL")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    scales.put(lower(rows.getString(1)), rows.getInt(2));
                }
            }
        }
        return scales;
    }
}
