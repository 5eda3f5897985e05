package io.ferry.source.fullload;

import io.ferry.common.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A segment's progress as Connect stores it: the source partition names the table and the segment
 * in words, its bounds included ({@link SegmentRange#label}); the offset is the key of the last row
 * sent, one text per key column (Connect's offsets hold no lists).
 */
final class SegmentOffsets {
    static final String TABLE = "table";
    static final String SEGMENT = "segment";
    private static final String KEY = "key.";

    private SegmentOffsets() {}

    static Map<String, Object> partition(TableId table, SegmentRange range) {
        return Map.of(TABLE, table.schema() + "." + table.table(), SEGMENT, range.label());
    }

    static Map<String, Object> offset(List<String> key) {
        Map<String, Object> offset = new HashMap<>();
        for (int i = 0; i < key.size(); i++) {
            offset.put(KEY + i, key.get(i));
        }
        return offset;
    }

    /** The key an offset stored; empty when there is none, or it has not as many columns. */
    static Optional<List<String>> after(Map<String, Object> offset, int keyColumns) {
        if (offset == null || offset.isEmpty()) {
            return Optional.empty();
        }
        List<String> key = new ArrayList<>();
        for (int i = 0; i < keyColumns; i++) {
            Object value = offset.get(KEY + i);
            if (value == null) {
                throw new IllegalStateException(
                        "the stored progress "
                                + offset
                                + " does not match the table's key of "
                                + keyColumns
                                + " columns: the key changed since; reset the connector's"
                                + " offsets to load the table again");
            }
            key.add(value.toString());
        }
        if (offset.size() != keyColumns) {
            throw new IllegalStateException(
                    "the stored progress "
                            + offset
                            + " has more key columns than the table's "
                            + keyColumns
                            + ": the key changed since; reset the connector's offsets to load"
                            + " the table again");
        }
        return Optional.of(key);
    }
}
