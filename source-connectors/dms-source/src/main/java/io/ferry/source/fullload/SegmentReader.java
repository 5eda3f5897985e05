package io.ferry.source.fullload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one segment a page at a time, in key order. Memory holds one page; where the reader stands
 * is the last key it returned, which is all a restarted reader needs to go on without a gap or a
 * repeat (the key is unique).
 */
final class SegmentReader {
    private final Connection connection;
    private final SegmentQuery query;
    private final int[] keyIndexes;
    private Optional<List<Object>> lastKey;
    private boolean done;

    /**
     * @param after the last key a reader of this segment returned before, or empty to start at its
     *     first row
     */
    SegmentReader(Connection connection, SegmentQuery query, Optional<List<Object>> after) {
        this.connection = connection;
        this.query = query;
        this.lastKey = after;
        this.keyIndexes = query.key().stream().mapToInt(query.columns()::indexOf).toArray();
    }

    /** The next page: each row's values in the query's column order; empty at the segment's end. */
    List<Object[]> nextPage() throws SQLException {
        if (done) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement statement = query.page(connection, lastKey);
                ResultSet result = statement.executeQuery()) {
            int width = query.columns().size();
            while (result.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = result.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            done = true;
        } else {
            Object[] last = rows.get(rows.size() - 1);
            List<Object> key = new ArrayList<>();
            for (int index : keyIndexes) {
                key.add(last[index]);
            }
            lastKey = Optional.of(java.util.Collections.unmodifiableList(key));
        }
        return rows;
    }

    /** The key of the last row returned: where a reader of this segment resumes. */
    Optional<List<Object>> lastKey() {
        return lastKey;
    }
}
