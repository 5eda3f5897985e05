package io.ferry.source.fullload;

import io.ferry.common.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A segment's progress as Connect stores it: the source partition names the schema, the table and
 * the segment in words, its bounds included ({@link SegmentRange#label}); the offset holds the key
 * columns' names, and, one text per key column (Connect's offsets hold no lists), the key of the
 * last row sent and the greatest key the segment reads; once the segment is read to its end, that
 * it is loaded.
 */
final class SegmentOffsets {
    static final String SCHEMA = "schema";
    static final String TABLE = "table";
    static final String SEGMENT = "segment";
    static final String SLOT = "slot";
    private static final String KEY_COLUMNS = "key.columns";
    private static final String AFTER = "after.";
    private static final String UNTIL = "until.";
    private static final String LOADED = "loaded";

    private SegmentOffsets() {}

    /**
     * @param slot the replication slot the load hands over to: a load for another slot, or for
     *     none, made other progress
     */
    static Map<String, Object> partition(TableId table, SegmentRange range, Optional<String> slot) {
        return partition(table, range.label(), slot);
    }

    /** The source partition of {@code table}'s segment named {@code label}. */
    static Map<String, Object> partition(TableId table, String label, Optional<String> slot) {
        // In one order in every JVM: Connect finds an offset by its partition's serialized bytes,
        // and the immutable maps' order changes from one JVM to the next.
        Map<String, Object> partition = new java.util.LinkedHashMap<>();
        partition.put(SCHEMA, table.schema());
        partition.put(TABLE, table.table());
        partition.put(SEGMENT, label);
        slot.ifPresent(s -> partition.put(SLOT, s));
        return java.util.Collections.unmodifiableMap(partition);
    }

    static Map<String, Object> offset(
            List<String> columns, List<String> after, List<String> until) {
        Map<String, Object> offset = new HashMap<>();
        offset.put(KEY_COLUMNS, String.join(",", columns));
        for (int i = 0; i < after.size(); i++) {
            offset.put(AFTER + i, after.get(i));
            offset.put(UNTIL + i, until.get(i));
        }
        return offset;
    }

    /** The offset of a segment read to its end: nothing of it is read again. */
    static Map<String, Object> loaded(List<String> columns) {
        return Map.of(KEY_COLUMNS, String.join(",", columns), LOADED, true);
    }

    /** Whether an offset says its segment is loaded. */
    static boolean isLoaded(Map<String, Object> offset) {
        return offset != null && Boolean.TRUE.equals(offset.get(LOADED));
    }

    /**
     * The progress an offset stored; {@link SegmentReader.Progress#START} without one.
     *
     * @throws IllegalStateException the offset was stored for other key columns
     */
    static SegmentReader.Progress progress(Map<String, Object> offset, List<String> columns) {
        if (offset == null || offset.isEmpty()) {
            return SegmentReader.Progress.START;
        }
        if (isLoaded(offset)) {
            return new SegmentReader.Progress(Optional.empty(), Optional.empty(), true);
        }
        Object stored = offset.get(KEY_COLUMNS);
        if (!String.join(",", columns).equals(stored)) {
            throw new IllegalStateException(
                    "the stored progress was made paging by key ("
                            + stored
                            + ") and the table's key is now ("
                            + String.join(",", columns)
                            + "): reset the connector's offsets to load the table again");
        }
        return new SegmentReader.Progress(
                Optional.of(values(offset, AFTER, columns.size())),
                Optional.of(values(offset, UNTIL, columns.size())),
                false);
    }

    private static List<String> values(Map<String, Object> offset, String prefix, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object value = offset.get(prefix + i);
            if (value == null) {
                throw new IllegalStateException(
                        "the stored progress " + offset + " lacks " + prefix + i);
            }
            values.add(value.toString());
        }
        return values;
    }
}
