package io.ferry.source;

import java.util.Map;

/** What Debezium's stored source offset says of its snapshot. */
final class DebeziumOffsets {
    private DebeziumOffsets() {}

    /**
     * Whether {@code offset} was stored during Debezium's initial snapshot, before its end:
     * Debezium marks those {@code snapshot} = {@code INITIAL} ({@code true} in older offsets), and
     * the last record {@code last_snapshot_record} / {@code snapshot_completed} (PostgreSQL).
     * Blocking and incremental snapshots run during capture: the load was over before them.
     */
    static boolean initialSnapshotUnderWay(Map<String, Object> offset) {
        Object snapshot = offset.get("snapshot");
        boolean initial =
                Boolean.TRUE.equals(snapshot)
                        || "true".equalsIgnoreCase(String.valueOf(snapshot))
                        || "INITIAL".equalsIgnoreCase(String.valueOf(snapshot));
        return initial
                && !Boolean.TRUE.equals(offset.get("last_snapshot_record"))
                && !Boolean.TRUE.equals(offset.get("snapshot_completed"));
    }
}
