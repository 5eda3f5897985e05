package io.ferry.sink.dynamodb;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The offsets a sink task may commit: per partition, the one after the last record it wrote since
 * it was given the partition — never the offsets Connect offers. Connect (4.1) keeps the offsets of
 * a batch whose {@code put} failed retriably when a rebalance takes its partition away and gives it
 * back; the next {@code put} that succeeds without that partition's records (an empty one) then
 * makes them Connect's current offsets, and the next commit would pass records never written.
 */
final class WrittenOffsets {
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /** These records are written (or rejected to the DLQ): their offsets may be committed. */
    void wrote(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            next.merge(
                    new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset() + 1,
                    Math::max);
        }
    }

    /**
     * What to commit of the partitions Connect commits now; a partition with nothing written since
     * it was assigned keeps its committed offset.
     */
    Map<TopicPartition, OffsetAndMetadata> committable(
            Map<TopicPartition, OffsetAndMetadata> offered) {
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        next.forEach(
                (partition, offset) -> {
                    if (offered.containsKey(partition)) {
                        committable.put(partition, new OffsetAndMetadata(offset));
                    }
                });
        return committable;
    }

    /** Partitions taken away: given back, they start again from their committed offsets. */
    void forget(Collection<TopicPartition> partitions) {
        next.keySet().removeAll(partitions);
    }
}
