package io.ferry.source.fullload;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JDBC types of a table's columns, as its driver reports them for a query that reads none. */
final class ColumnTypes {
    private ColumnTypes() {}

    static Map<String, Integer> of(
            Connection connection, Engine engine, TableId table, List<String> columns)
            throws SQLException {
        String sql =
                "SELECT "
                        + columns.stream().map(engine::quote).collect(Collectors.joining(", "))
                        + " FROM "
                        + engine.quote(table.schema())
                        + "."
                        + engine.quote(table.table())
                        + " WHERE 1 = 0";
        Map<String, Integer> types = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            ResultSetMetaData metadata = result.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                types.put(columns.get(i - 1), metadata.getColumnType(i));
            }
        }
        return types;
    }
}
