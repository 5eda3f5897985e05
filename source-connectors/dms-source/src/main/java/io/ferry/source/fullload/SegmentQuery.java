package io.ferry.source.fullload;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.RangeSegment;
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
        sql.append(" FROM ").append(engine.quote(table.schema())).append('.');
        sql.append(engine.quote(table.table()));
        List<String> conditions = new ArrayList<>();
        range.condition(engine, parameters).ifPresent(conditions::add);
        lastKey.ifPresent(
                last ->
                        conditions.add(
                                Conditions.render(
                                        engine,
                                        RangeSegment.lexicographic(key, RangeSegment.Op.GREATER),
                                        last,
                                        parameters)));
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
