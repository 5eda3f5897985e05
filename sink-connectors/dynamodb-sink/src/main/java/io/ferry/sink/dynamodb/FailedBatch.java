package io.ferry.sink.dynamodb;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The batch Connect (4.1) holds after a {@code put} failed, to deliver again, and what a rebalance
 * meanwhile does to it. When a partition of it is revoked or lost:
 *
 * <ul>
 *   <li>Connect drops the partition's records from the batch by their topic after transforms, so a
 *       renamed table's records stay and are delivered again, even once the partition went to
 *       another task, whose newer writes they would overwrite: they are not written here (told
 *       apart by identity, since Connect delivers the same record objects again);
 *   <li>Connect keeps the batch's offsets, and makes them its current offsets at the next {@code
 *       put} that succeeds without the partition's records (an empty one), though those records
 *       were never written: the partition is left out of commits until a {@code put} with records
 *       Connect read for it afresh succeeds, which sets its offsets right again.
 * </ul>
 *
 * Every other partition commits as Connect offers, records a transform dropped included.
 */
final class FailedBatch {
    /** The records of the last put that failed: Connect delivers them again. */
    private final Set<SinkRecord> held = identitySet();

    /** Those of them whose partition was taken away since: never to be written by this task. */
    private final Set<SinkRecord> released = identitySet();

    /** Partitions whose offsets, as Connect offers them, may be a failed batch's. */
    private final Set<TopicPartition> suspect = new HashSet<>();

    /** The records of a delivery this task may write: all of them, but after a rebalance. */
    Collection<SinkRecord> writable(Collection<SinkRecord> delivered) {
        if (released.isEmpty()) {
            return delivered;
        }
        return delivered.stream().filter(record -> !released.contains(record)).toList();
    }

    /** A put of this delivery threw: Connect delivers it again, or the task fails. */
    void failed(Collection<SinkRecord> delivered) {
        held.clear();
        held.addAll(delivered);
    }

    /** A put of this delivery succeeded, having written these of its records. */
    void succeeded(Collection<SinkRecord> written) {
        held.clear();
        released.clear();
        if (suspect.isEmpty()) {
            return; // the usual case: no look at the records
        }
        for (SinkRecord record : written) {
            suspect.remove(partition(record));
        }
    }

    /** The partitions are revoked or lost. */
    void closed(Collection<TopicPartition> partitions) {
        for (SinkRecord record : held) {
            TopicPartition partition = partition(record);
            if (partitions.contains(partition)) {
                released.add(record);
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

    private static Set<SinkRecord> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
