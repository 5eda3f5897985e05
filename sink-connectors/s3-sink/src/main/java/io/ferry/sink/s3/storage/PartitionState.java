package io.ferry.sink.s3.storage;

/**
 * What a Kafka partition has put in S3: the next offset to write and how many full-load files it
 * has written. Saved after each upload; a task resumes from it, so a file lost between upload and
 * save is written again, under the same name (names follow from this state and the records).
 */
public record PartitionState(long nextOffset, long loadFiles) {
    public static final PartitionState NEW = new PartitionState(0, 0);
}
