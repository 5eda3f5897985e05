package io.ferry.sink.dynamodb;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Keeps an offset commit from passing a batch that was never written. Connect (4.1) keeps the
 * offsets of a batch whose {@code put} failed when a rebalance takes its partition away and gives
 * it back, and makes them current at the next {@code put} that succeeds without that partition's
 * records (an empty one). Such a partition is left out of commits until a {@code put} with its
 * records succeeds; Connect's offsets for it are then its own again. Every other partition commits
 * as Connect offers, records a transform dropped included.
 */
final class RevokedBatches {
    /** Partitions with records in a batch whose put failed, not written since. */
    private final Set<TopicPartition> unwritten = new HashSet<>();

    /**
     * Partitions taken away while unwritten: Connect's offsets for them may be a failed batch's.
     */
    private final Set<TopicPartition> suspect = new HashSet<>();

    /** A put of these records threw: Connect delivers them again, or the task fails. */
    void failed(Collection<SinkRecord> records) {
        records.forEach(record -> unwritten.add(partition(record)));
    }

    /** A put of these records succeeded. */
    void written(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition partition = partition(record);
            unwritten.remove(partition);
            suspect.remove(partition);
        }
    }

    /** The partitions are revoked or lost. */
    void closed(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (unwritten.remove(partition)) {
                suspect.add(partition);
            }
        }
    }

    /** The offsets Connect offers, but for partitions whose offsets may be a failed batch's. */
    Map<TopicPartition, OffsetAndMetadata> committable(
            Map<TopicPartition, OffsetAndMetadata> offered) {
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>(offered);
        committable.keySet().removeAll(suspect);
        return committable;
    }

    /** As Connect's offsets name it: the topic and partition the record was read from. */
    private static TopicPartition partition(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }
}
