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
     * The page after {@code lastKey} (the first page without one) up to {@code until}, prepared and
     * bound.
     *
     * @param lastKey the key of the last row read, one value per key column
     * @param until the greatest key the segment reads
     */
    PreparedStatement page(
            Connection connection,
            Optional<List<BoundParameter>> lastKey,
            List<BoundParameter> until)
            throws SQLException {
        List<BoundParameter> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        range.condition(engine, parameters).ifPresent(conditions::add);
        lastKey.ifPresent(last -> conditions.add(compare(">", last, parameters)));
        conditions.add(compare("<=", until, parameters));
        return prepare(connection, columns, conditions, "", pageSize, parameters);
    }

    /** The segment's greatest key, as text; empty when the segment has no row. */
    PreparedStatement last(Connection connection) throws SQLException {
        List<BoundParameter> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        range.condition(engine, parameters).ifPresent(conditions::add);
        return prepare(connection, List.of(), conditions, " DESC", 1, parameters);
    }

    /**
     * A row comparison with the key: the same order as DMS's lexicographic form for a key without
     * NULLs, and one index range for the database.
     */
    private String compare(
            String op, List<BoundParameter> values, List<BoundParameter> parameters) {
        parameters.addAll(values);
        return "("
                + key.stream().map(engine::quote).collect(Collectors.joining(", "))
                + ") "
                + op
                + " ("
                + key.stream().map(k -> "?").collect(Collectors.joining(", "))
                + ")";
    }

    private PreparedStatement prepare(
            Connection connection,
            List<String> read,
            List<String> conditions,
            String direction,
            int limit,
            List<BoundParameter> parameters)
            throws SQLException {
        List<String> select = new ArrayList<>();
        read.forEach(column -> select.add(engine.quote(column)));
        // The key again, as the database renders it: where the next page, or a restart, resumes.
        for (int i = 0; i < key.size(); i++) {
            select.add(
                    "CAST("
                            + engine.quote(key.get(i))
                            + (engine == Engine.POSTGRES ? " AS text)" : " AS CHAR)")
                            + " AS ferry_key_"
                            + i); // not the column's name: ORDER BY names it
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select));
        sql.append(" FROM ").append(engine.quote(table.schema())).append('.');
        sql.append(engine.quote(table.table()));
        if (!range.partitions().isEmpty()) {
            sql.append(" PARTITION (");
            sql.append(
                    range.partitions().stream()
                            .map(engine::quote)
                            .collect(Collectors.joining(", ")));
            sql.append(')');
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ");
        sql.append(
                key.stream()
                        .map(k -> engine.quote(k) + direction)
                        .collect(Collectors.joining(", ")));
        sql.append(" LIMIT ").append(limit);
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
