package io.ferry.source.fullload;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SELECT that reads one segment of a table a page at a time, in the order of its key: the
 * segment's range as DMS bounds it ({@link RangeSegment}), the rows after the last key read, the
 * page size — every value bound, every identifier quoted by the engine. A page resumes after the
 * last key, never at an offset, so a restarted reader neither skips nor repeats a row.
 */
final class SegmentQuery {
    private final Engine engine;
    private final TableId table;
    private final List<String> columns;
    private final List<String> key;
    private final SegmentRange range;
    private final int pageSize;

    /**
     * @param columns the columns read, in order (the key among them)
     * @param key the columns that order the rows and that a page resumes after: a unique key
     * @param range the rows of the segment
     */
    SegmentQuery(
            Engine engine,
            TableId table,
            List<String> columns,
            List<String> key,
            SegmentRange range,
            int pageSize) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException(table + ": a segment is read in the order of a key");
        }
        if (!columns.containsAll(key)) {
            throw new IllegalArgumentException(table + ": the key columns must be read");
        }
        this.engine = engine;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.range = range;
        this.pageSize = pageSize;
    }

    List<String> columns() {
        return columns;
    }

    List<String> key() {
        return key;
    }

    TableId table() {
        return table;
    }

    /**
     * The page after {@code lastKey} (the first page without one), prepared and bound.
     *
     * @param lastKey the key of the last row read, one value per key column
     */
    PreparedStatement page(Connection connection, Optional<List<BoundParameter>> lastKey)
            throws SQLException {
        List<BoundParameter> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(columns.stream().map(engine::quote).collect(Collectors.joining(", ")));
        // The key again, as the database renders it: where the next page, or a restart, resumes.
        for (int i = 0; i < key.size(); i++) {
            sql.append(", CAST(").append(engine.quote(key.get(i)));
            sql.append(engine == Engine.POSTGRES ? " AS text)" : " AS CHAR)");
            sql.append(" AS ferry_key_").append(i); // not the column's name: ORDER BY names it
        }
        sql.append(" FROM ").append(engine.quote(table.schema())).append('.');
        sql.append(engine.quote(table.table()));
        List<String> conditions = new ArrayList<>();
        range.condition(engine, parameters).ifPresent(conditions::add);
        lastKey.ifPresent(
                last -> {
                    // A row comparison: the same order as the lexicographic form for a key
                    // without NULLs, and one index range for the database.
                    conditions.add(
                            "("
                                    + key.stream()
                                            .map(engine::quote)
                                            .collect(Collectors.joining(", "))
                                    + ") > ("
                                    + key.stream().map(k -> "?").collect(Collectors.joining(", "))
                                    + ")");
                    parameters.addAll(last);
                });
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ");
        sql.append(key.stream().map(engine::quote).collect(Collectors.joining(", ")));
        sql.append(" LIMIT ").append(pageSize);
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).bind(statement, i + 1);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }
}
