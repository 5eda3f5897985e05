package io.ferry.sink.s3.storage;

import org.apache.kafka.common.TopicPartition;

/**
 * Another task claimed the partition since this one last saved its state: S3 refused the save (412
 * or 409). What this task has not saved is not its own to write any more.
 */
public final class ClaimLostException extends RuntimeException {
    private final TopicPartition partition;

    ClaimLostException(TopicPartition partition, Throwable cause) {
        super(
                "Another task has claimed " + partition + " since this one last saved its state",
                cause);
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }
}
