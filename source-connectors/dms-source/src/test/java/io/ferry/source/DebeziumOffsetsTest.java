package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Debezium 3.5's offsets: {@code snapshot} INITIAL while its first snapshot runs, then gone. */
class DebeziumOffsetsTest {
    private static Map<String, Object> offset(Object snapshot, Boolean last, Boolean completed) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("lsn", 100L);
        if (snapshot != null) {
            offset.put("snapshot", snapshot);
        }
        if (last != null) {
            offset.put("last_snapshot_record", last);
        }
        if (completed != null) {
            offset.put("snapshot_completed", completed);
        }
        return offset;
    }

    @Test
    void onlyAnInitialSnapshotBeforeItsLastRecordIsUnderWay() {
        assertEquals(
                true, DebeziumOffsets.initialSnapshotUnderWay(offset("INITIAL", false, false)));
        assertEquals(true, DebeziumOffsets.initialSnapshotUnderWay(offset("INITIAL", null, null)));
        assertEquals(true, DebeziumOffsets.initialSnapshotUnderWay(offset(true, null, null)));
        assertEquals(false, DebeziumOffsets.initialSnapshotUnderWay(offset("INITIAL", true, true)));
        assertEquals(false, DebeziumOffsets.initialSnapshotUnderWay(offset(null, null, null)));
        assertEquals(
                false, DebeziumOffsets.initialSnapshotUnderWay(offset("BLOCKING", false, false)));
        assertEquals(
                false, DebeziumOffsets.initialSnapshotUnderWay(offset("INCREMENTAL", null, null)));
        assertEquals(false, DebeziumOffsets.initialSnapshotUnderWay(offset(false, null, null)));
    }
}
