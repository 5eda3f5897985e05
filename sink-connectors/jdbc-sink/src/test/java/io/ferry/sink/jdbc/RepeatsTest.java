package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.sink.jdbc.apply.Repeats;
import io.ferry.sink.jdbc.table.AppliedPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Which changes are the source sending again, on Debezium-shaped PostgreSQL events. */
class RepeatsTest {
    private final Events events = new Events("t", JdbcSinkScenarios.ROW, List.of(), true);
    private final Map<TopicPartition, AppliedPosition> applied = new HashMap<>();

    private Struct row(int id) {
        return events.row(id, "v" + id, (long) id);
    }

    /** Filters as the task does, batch after batch, and returns the ids kept. */
    private List<Integer> kept(List<SinkRecord> records) {
        Repeats.Kept kept = Repeats.filter(records, applied);
        applied.putAll(kept.reached());
        List<Integer> ids = new ArrayList<>();
        for (SinkRecord record : kept.records()) {
            ids.add(((Struct) ((Struct) record.value()).get("after")).getInt32("id"));
        }
        return ids;
    }

    private List<SinkRecord> again(List<SinkRecord> sent) {
        return sent.stream().map(events::again).toList();
    }

    @Test
    void rowsOfOneWalRecordShareAPositionAndAreAllNew() {
        List<SinkRecord> copy = events.copy(row(1), row(2), row(3));
        assertEquals(List.of(1, 2, 3), kept(copy));
        assertEquals(List.of(4), kept(List.of(events.create(row(4)))));
    }

    @Test
    void aWalRecordSentAgainIsSkippedWholeAndWhatFollowsIsKept() {
        List<SinkRecord> first = new ArrayList<>(List.of(events.create(row(0))));
        first.addAll(events.copy(row(1), row(2), row(3)));
        assertEquals(List.of(0, 1, 2, 3), kept(first));
        // From its start, or from the record itself.
        assertEquals(List.of(), kept(again(first)));
        assertEquals(List.of(), kept(again(first.subList(1, 4))));
        assertEquals(List.of(5), kept(List.of(events.create(row(5)))));
    }

    /** One TRUNCATE of two tables routed into one partition: two events at one position. */
    @Test
    void truncatesOfTwoTablesAtOnePositionAreBothApplied() {
        SinkRecord first = events.truncate();
        Struct value = (Struct) first.value();
        Struct source = value.getStruct("source");
        Struct otherSource = new Struct(source.schema());
        source.schema().fields().forEach(f -> otherSource.put(f, source.get(f)));
        otherSource.put("table", "other");
        Struct otherValue = new Struct(value.schema());
        value.schema().fields().forEach(f -> otherValue.put(f, value.get(f)));
        otherValue.put("source", otherSource);
        SinkRecord second =
                new SinkRecord(
                        first.topic(),
                        first.kafkaPartition(),
                        null,
                        null,
                        first.valueSchema(),
                        otherValue,
                        first.kafkaOffset() + 1);
        Repeats.Kept kept = Repeats.filter(List.of(first, second), applied);
        assertEquals(2, kept.records().size());
    }

    @Test
    void theLastChangeSentAgainOnItsOwnIsSkipped() {
        SinkRecord only = events.create(row(1));
        assertEquals(List.of(1), kept(List.of(only)));
        assertEquals(List.of(), kept(List.of(events.again(only))));
    }

    @Test
    void anEarlierPositionLaterInTimeIsAnotherLogNotARepeat() {
        assertEquals(
                List.of(1, 2),
                kept(List.of(events.at(1_000).create(row(1)), events.create(row(2)))));
        // The source database was rebuilt: its log starts low again, its changes are newer.
        assertEquals(List.of(3), kept(List.of(events.fromPosition(10).at(2_000).create(row(3)))));
    }

    @Test
    void snapshotRowsSharingAPositionAreNeverRepeats() {
        SinkRecord a = events.read(row(1));
        SinkRecord b = events.read(row(2));
        assertEquals(List.of(1, 2), kept(List.of(a, b)));
        assertEquals(List.of(1), kept(List.of(events.again(a))));
    }
}
