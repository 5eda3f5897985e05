package io.ferry.sink.s3.storage;

/**
 * What a Kafka partition has put in S3: the next offset to write and how many full-load files it
 * has written; which claim of the partition wrote it (each task that is assigned the partition
 * claims it anew); and the file being uploaded, if any. Saved before and after each upload; a task
 * resumes from it, so a file lost between upload and save is written again.
 *
 * @param claim raised by every task that takes the partition over; part of every file name, so two
 *     owners never write one object
 * @param uploading the key of a file whose upload may have started and was not yet counted (empty
 *     when none): whoever claims the partition next deletes it, as it writes the records again
 * @param namedUpTo the time (epoch ms) in the name of the partition's last CDC file: the next is
 *     named no earlier, so names sort in the partition's order even when a source sends older
 *     changes again (a restart from an older position)
 */
public record PartitionState(
        long nextOffset, long loadFiles, long claim, String uploading, long namedUpTo) {
    public static final PartitionState NEW = new PartitionState(0, 0, 0, "");

    /** A state with no CDC file named yet. */
    public PartitionState(long nextOffset, long loadFiles, long claim, String uploading) {
        this(nextOffset, loadFiles, claim, uploading, 0);
    }

    public PartitionState {
        if (uploading == null) {
            throw new IllegalArgumentException("uploading is empty, not null, when there is none");
        }
    }

    /**
     * The next claim's state: this one's progress, the file it announces still announced (the claim
     * deletes it once saved, and a claim that dies first leaves it to the next).
     */
    public PartitionState claimed() {
        return new PartitionState(nextOffset, loadFiles, claim + 1, uploading, namedUpTo);
    }

    /** This state starting at another offset: where a partition with nothing saved begins. */
    public PartitionState startingAt(long nextOffset) {
        return new PartitionState(nextOffset, loadFiles, claim, uploading, namedUpTo);
    }

    /** This state, announcing the upload of {@code key}. */
    public PartitionState uploading(String key) {
        return new PartitionState(nextOffset, loadFiles, claim, key, namedUpTo);
    }

    /** The state after a file (or a truncate): progress moved on, nothing being uploaded. */
    public PartitionState after(long nextOffset, long loadFiles) {
        return new PartitionState(nextOffset, loadFiles, claim, "", namedUpTo);
    }

    /** This state once a CDC file named with {@code epochMs} is written. */
    public PartitionState named(long epochMs) {
        return new PartitionState(
                nextOffset, loadFiles, claim, uploading, Math.max(namedUpTo, epochMs));
    }
}
