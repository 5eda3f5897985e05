package io.ferry.sink.s3.storage;

/**
 * What a Kafka partition has put in S3: the next offset to write, how many full-load files it has
 * written, and the name of its last CDC file. Saved after each upload; a task resumes from it, so a
 * file lost between upload and save is written again under the same name.
 */
public record PartitionState(long nextOffset, long loadFiles, String lastCdcName) {
    public static final PartitionState NEW = new PartitionState(0, 0, "");
}
