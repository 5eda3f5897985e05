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
    private Optional<List<String>> until;
    private boolean done;

    /**
     * Where a reader of a segment stands, as text: the key of the last row it returned, and the
     * greatest key the segment reads — its greatest when the reader first started, so rows added
     * since with greater keys are left to the changes that follow the load.
     */
    record Progress(Optional<List<String>> after, Optional<List<String>> until, boolean loaded) {
        static final Progress START = new Progress(Optional.empty(), Optional.empty(), false);
    }

    /**
     * @param keyTypes the JDBC type of each key column, to bind a key read back from text as
     * @param progress where a reader of this segment stood before, or {@link Progress#START}
     */
    SegmentReader(
            Connections connections,
            Engine engine,
            SegmentQuery query,
            Map<String, Integer> keyTypes,
            Progress progress) {
        this.connections = connections;
        this.engine = engine;
        this.query = query;
        this.keyTypes = Map.copyOf(keyTypes);
        keyTypes.forEach((column, type) -> BoundParameter.checkKey(engine, column, type));
        this.lastKey = progress.after().map(List::copyOf);
        this.until = progress.until().map(List::copyOf);
        this.done = progress.loaded();
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
        if (until.isEmpty()) {
            until = greatestKey();
            if (until.isEmpty()) {
                done = true;
                return List.of();
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement =
                        query.page(
                                connections.get(), lastKey.map(this::bound), bound(until.get()));
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

    private Optional<List<String>> greatestKey() throws SQLException {
        try (PreparedStatement statement = query.last(connections.get());
                ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                return Optional.empty();
            }
            List<String> key = new ArrayList<>();
            for (int i = 0; i < query.key().size(); i++) {
                key.add(result.getString(i + 1));
            }
            return Optional.of(List.copyOf(key));
        }
    }

    /** Where this reader stands: where a reader of this segment resumes. */
    Progress progress() {
        return new Progress(lastKey, until, done);
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
