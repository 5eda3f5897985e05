package io.ferry.source.fullload;

import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one segment a page at a time, in key order. Memory holds one page; where the reader stands
 * is the last key it returned, as text, which is all a restarted reader needs to go on without a
 * gap or a repeat (the key is unique). The reader itself resumes from that text after every page,
 * so the path a restart takes is the one every page takes.
 */
final class SegmentReader {
    /** How a row of the result is read: plain values, or a converter's (Debezium's). */
    @FunctionalInterface
    interface RowReader {
        Object[] read(ResultSet result) throws SQLException;
    }

    /** Where a page's connection comes from: the same one, or a new one after it broke. */
    @FunctionalInterface
    interface Connections {
        Connection get() throws SQLException;
    }

    /** One row: its values as the {@link RowReader} read them, and its key as text. */
    record Row(Object[] values, List<String> key) {}

    private final Connections connections;
    private final Engine engine;
    private final SegmentQuery query;
    private final Map<String, Integer> keyTypes;
    private Optional<List<String>> lastKey;
    private boolean done;

    /**
     * @param keyTypes the JDBC type of each key column, to bind a key read back from text as
     * @param after the key (as text) of the last row a reader of this segment returned before, or
     *     empty to start at its first row
     */
    SegmentReader(
            Connections connections,
            Engine engine,
            SegmentQuery query,
            Map<String, Integer> keyTypes,
            Optional<List<String>> after) {
        this.connections = connections;
        this.engine = engine;
        this.query = query;
        this.keyTypes = Map.copyOf(keyTypes);
        keyTypes.forEach((column, type) -> BoundParameter.checkKey(engine, column, type));
        this.lastKey = after.map(List::copyOf);
    }

    /** Plain JDBC values. */
    static RowReader plain(int width) {
        return result -> {
            Object[] row = new Object[width];
            for (int i = 0; i < width; i++) {
                row[i] = result.getObject(i + 1);
            }
            return row;
        };
    }

    /** The next page, in key order; empty at the segment's end. */
    List<Row> nextPage(RowReader reader) throws SQLException {
        if (done) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = query.page(connections.get(), lastKey.map(this::bound));
                ResultSet result = statement.executeQuery()) {
            int width = query.columns().size();
            while (result.next()) {
                List<String> key = new ArrayList<>(query.key().size());
                for (int i = 0; i < query.key().size(); i++) {
                    String text = result.getString(width + i + 1);
                    if (text == null) {
                        throw new SQLException(
                                "a key column of "
                                        + query.key()
                                        + " is NULL: the full load pages by a key without NULLs");
                    }
                    key.add(text);
                }
                rows.add(new Row(reader.read(result), List.copyOf(key)));
            }
        }
        if (rows.isEmpty()) {
            done = true;
        } else {
            lastKey = Optional.of(rows.get(rows.size() - 1).key());
        }
        return rows;
    }

    /** The key of the last row returned, as text: where a reader of this segment resumes. */
    Optional<List<String>> lastKey() {
        return lastKey;
    }

    boolean done() {
        return done;
    }

    /** A key read back: each value bound in its column's type, as a DMS boundary is. */
    private List<BoundParameter> bound(List<String> key) {
        List<BoundParameter> values = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            String column = query.key().get(i);
            Integer type = keyTypes.get(column);
            if (type == null) {
                throw new IllegalArgumentException("no type for key column " + column);
            }
            values.add(BoundParameter.key(engine, column, type, key.get(i)));
        }
        return values;
    }
}
