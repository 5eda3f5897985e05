package io.ferry.sink.jdbc.apply;

import io.ferry.common.SourcePosition;
import io.ferry.sink.jdbc.table.AppliedPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Recognises changes the source sent again. Debezium, stopped before its offsets were stored (and
 * without Connect's exactly-once source support), reads part of its log a second time and sends
 * those changes to Kafka again, at new offsets; upserts hide the repeat, but a table without a key
 * would get the rows twice. Within one partition a source's streamed changes come in log order,
 * each at a position of its own ({@link SourcePosition}); so a streamed change at or before the
 * last one applied from its partition, in the same stream, is a repeat — skipped, never written
 * twice. A tombstone among repeats repeats too. Snapshot rows share one position and are never
 * taken for repeats.
 */
public final class Repeats {
    /**
     * The records to write, where each partition's changes reach in the source after them, and how
     * many were repeats.
     */
    public record Kept(
            List<SinkRecord> records, Map<TopicPartition, AppliedPosition> reached, int skipped) {}

    private Repeats() {}

    /**
     * @param applied per partition, where the changes applied so far reached
     */
    public static Kept filter(
            List<SinkRecord> records, Map<TopicPartition, AppliedPosition> applied) {
        Map<TopicPartition, AppliedPosition> reached = new HashMap<>();
        List<SinkRecord> kept = new ArrayList<>();
        int skipped = 0;
        for (SinkRecord record : records) {
            TopicPartition partition = partition(record);
            AppliedPosition last =
                    reached.containsKey(partition)
                            ? reached.get(partition)
                            : applied.get(partition);
            Optional<SourcePosition> position = SourcePosition.of(record);
            if (position.isEmpty()) {
                if (record.value() == null && last != null && last.repeating()) {
                    skipped++;
                    continue;
                }
            } else if (position.get().streamed()) {
                SourcePosition current = position.get();
                boolean repeat =
                        last != null
                                && last.position().stream().equals(current.stream())
                                && !current.isAfter(last.position());
                if (repeat) {
                    reached.put(partition, new AppliedPosition(last.position(), true));
                    skipped++;
                    continue;
                }
                reached.put(partition, new AppliedPosition(current, false));
            } else if (last != null && last.repeating()) {
                reached.put(partition, new AppliedPosition(last.position(), false));
            }
            kept.add(record);
        }
        return new Kept(kept, reached, skipped);
    }

    private static TopicPartition partition(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }
}
