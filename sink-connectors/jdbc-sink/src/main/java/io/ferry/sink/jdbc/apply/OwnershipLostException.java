package io.ferry.sink.jdbc.apply;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Another task has claimed partitions of the batch since this task was assigned them (this one was
 * evicted from the consumer group): the batch was rolled back, and its records of those partitions
 * are the new owner's to write.
 */
public final class OwnershipLostException extends RuntimeException {
    private final Set<TopicPartition> partitions;

    public OwnershipLostException(Set<TopicPartition> partitions) {
        super("Partitions claimed by another task: " + partitions);
        this.partitions = Set.copyOf(partitions);
    }

    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
