package io.ferry.sink.s3;

import io.ferry.common.ChangeRecord;
import io.ferry.common.Operation;
import io.ferry.common.TableId;
import io.ferry.sink.s3.format.DmsRows;
import io.ferry.sink.s3.format.RowFile;
import io.ferry.sink.s3.layout.ObjectNames;
import io.ferry.sink.s3.storage.ClaimLostException;
import io.ferry.sink.s3.storage.PartitionState;
import io.ferry.sink.s3.storage.S3Files;
import io.ferry.sink.s3.storage.SavedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes one Kafka partition's records into S3 files, one file at a time: a full-load file until it
 * reaches {@code max.file.size}, a CDC file until {@code cdc.min.file.size} or {@code
 * cdc.max.batch.interval}, whichever comes first — checked on every poll, so a file is written even
 * when no further record arrives. After each upload the partition's state is saved; the offsets
 * Kafka commits never pass it.
 *
 * <p>A truncate removes the table's files written so far (see {@link #truncate}).
 *
 * <p>The open file holds an unbroken run of the partition's records. A record at or below the last
 * one it holds means Connect rewound the partition (after a failed commit): the file is dropped and
 * built again from the redelivered records, so none is written twice.
 */
final class PartitionWriter {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(PartitionWriter.class);

    /** After the last record that needed no file, while no file was open. */
    private long passed;

    private final TopicPartition partition;
    private final S3SinkConfig config;
    private final S3Files files;
    private final DmsRows rows;
    private final Path workDir;
    private final Clock clock;
    private final BiConsumer<SinkRecord, RuntimeException> rejected;
    private SavedState saved;

    /**
     * The last owner's announced file this claim deleted, deleted once more after this claim's
     * first file: that owner's upload of it may have landed after the first delete.
     */
    private String orphan;

    /** The first offset delivered to this writer, -1 before any. */
    private long firstDelivered = -1;

    private OpenFile open;

    /** The file being written: its table and kind, where it goes, and what it holds. */
    private static final class OpenFile {
        final TableId table;
        final boolean load;
        final String key;
        final Path path;
        final RowFile file;
        final Instant openedAt;

        /** The time in its name (CDC files), or null. */
        final Instant named;

        long lastOffset;
        long rows;

        OpenFile(
                TableId table,
                boolean load,
                String key,
                Instant named,
                Path path,
                RowFile file,
                Instant at) {
            this.table = table;
            this.named = named;
            this.load = load;
            this.key = key;
            this.path = path;
            this.file = file;
            this.openedAt = at;
        }
    }

    PartitionWriter(
            TopicPartition partition,
            S3SinkConfig config,
            S3Files files,
            SavedState saved,
            Path workDir,
            Clock clock,
            BiConsumer<SinkRecord, RuntimeException> rejected) {
        this.partition = partition;
        this.config = config;
        this.files = files;
        this.rows = config.dmsRows();
        this.saved = saved;
        this.orphan = saved.state().uploading();
        this.workDir = workDir;
        this.clock = clock;
        this.rejected = rejected;
    }

    long nextOffset() {
        return saved.state().nextOffset();
    }

    /**
     * The offset Kafka may commit: the saved state's, or past the records after it that needed no
     * file (a table announcement), so a partition holding only those is not behind for ever. After
     * a crash the task seeks to the saved state anyway.
     */
    long committable() {
        return open == null
                ? Math.max(saved.state().nextOffset(), passed)
                : saved.state().nextOffset();
    }

    /** The first offset delivered to this writer, -1 before any. */
    long firstDelivered() {
        return firstDelivered;
    }

    void write(SinkRecord record) throws IOException {
        long offset = record.kafkaOffset();
        if (firstDelivered < 0) {
            firstDelivered = offset;
        }
        if (offset < saved.state().nextOffset()) {
            return; // already in S3
        }
        if (open != null && offset <= open.lastOffset) {
            discard(); // redelivered after a rewind: the file is built again from these records
        }
        ChangeRecord change;
        Optional<DmsRows.Row> row;
        try {
            change = ChangeRecord.of(record);
            row = rows.row(change, clock.instant());
        } catch (RuntimeException e) {
            rejected.accept(record, e);
            return;
        }
        if (change.operation() == Operation.TRUNCATE || startsOver(change, record)) {
            truncate(table(record, change), offset);
            return;
        }
        if (row.isEmpty()) {
            if (open != null) {
                open.lastOffset = offset;
            } else {
                passed = offset + 1;
            }
            return;
        }
        TableId table = table(record, change);
        boolean load = change.operation() == Operation.READ;
        if (open != null
                && (!open.table.equals(table) || open.load != load || !open.file.fits(row.get()))) {
            upload();
        }
        if (open == null) {
            open = open(table, load, change, record);
        }
        open.lastOffset = offset; // a rejected record is passed too: it is in the DLQ
        try {
            open.file.write(row.get());
        } catch (RuntimeException e) {
            rejected.accept(record, e);
            return;
        }
        open.rows++;
        long limit = load ? config.maxFileSizeBytes() : config.cdcMinFileSizeBytes();
        if (open.file.bytes() >= limit) {
            upload();
        }
    }

    /**
     * Whether a table announcement starts its load over: this partition has written, or holds, the
     * table's rows already (its source task stopped mid-load and loads again). What the unfinished
     * load wrote goes then, as a truncate takes it; the first announcement has nothing to remove.
     */
    private boolean startsOver(ChangeRecord change, SinkRecord record) {
        if (change.operation() != Operation.PREPARE) {
            return false;
        }
        return saved.state().loadFiles() > 0
                || (open != null && open.table.equals(table(record, change)));
    }

    /**
     * A truncate removes the table's files, as DMS does for an S3 target; the changes after it go
     * to new files. An open file of this table is dropped (its rows are truncated too), one of
     * another table is uploaded first. The state is saved only after the delete: a crash in between
     * writes the files before the truncate again and deletes them again. Before deleting, the state
     * is saved once unchanged, which fails if another task has claimed the partition; and this
     * partition's files of changes after the truncate are never deleted (a new owner past it wrote
     * them).
     */
    private void truncate(TableId table, long offset) throws IOException {
        if (open != null && open.table.equals(table)) {
            discard();
        } else if (open != null) {
            upload();
        }
        saved = files.save(partition, saved, saved.state());
        String folder = config.names().tableFolder(table);
        files.deleteAll(
                folder,
                key ->
                        ObjectNames.isTableFile(folder, key)
                                && !ObjectNames.startsAfter(key, partition, offset));
        saved =
                files.save(
                        partition,
                        saved,
                        saved.state().after(offset + 1, saved.state().loadFiles()));
    }

    /** Uploads the open file if it has been open for {@code cdc.max.batch.interval}. */
    void uploadIfDue() throws IOException {
        if (open != null
                && !clock.instant().isBefore(open.openedAt.plus(config.cdcMaxBatchInterval()))) {
            upload();
        }
    }

    /** Drops the open file, unwritten: its records will be read again from Kafka. */
    void discard() throws IOException {
        passed = 0; // what it passed may lie after rows of the dropped file
        if (open != null) {
            OpenFile file = open;
            open = null;
            try {
                file.file.close();
            } finally {
                Files.deleteIfExists(file.path);
            }
        }
    }

    /** A new local file, its key following from the state and the record it starts with. */
    private OpenFile open(TableId table, boolean load, ChangeRecord change, SinkRecord first)
            throws IOException {
        String key;
        Instant named = null;
        if (load) {
            key =
                    config.names()
                            .load(
                                    table,
                                    saved.state().loadFiles() + 1,
                                    partition,
                                    first.kafkaOffset(),
                                    saved.state().claim());
        } else {
            Instant commit = change.commitTime().orElseGet(() -> kafkaTime(first));
            // Never before the partition's last file: a change sent again (a source restarted
            // from an older position) must not name a file that sorts before the ones it follows.
            Instant last = Instant.ofEpochMilli(saved.state().namedUpTo());
            if (commit.isBefore(last)) {
                commit = last;
            }
            named = commit;
            String folder = config.datePartition().folder(commit);
            key =
                    config.names()
                            .cdc(
                                    table,
                                    folder,
                                    commit,
                                    partition,
                                    first.kafkaOffset(),
                                    saved.state().claim());
        }
        Path path = Files.createTempFile(workDir, "ferry-s3-", ".part");
        try {
            return new OpenFile(
                    table, load, key, named, path, config.newFile(path), clock.instant());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * A change without a commit time (a flattened row) is named by its Kafka timestamp, which a
     * redelivery repeats; the wall clock would name a rewritten file anew and keep both.
     */
    private static Instant kafkaTime(SinkRecord record) {
        return record.timestamp() == null || record.timestamp() < 0
                ? Instant.EPOCH
                : Instant.ofEpochMilli(record.timestamp());
    }

    /**
     * Announces the file in the state, uploads it, then saves the state past it. Each save holds
     * only while no other task has claimed the partition: a new owner deletes an announced file
     * when it claims, and an upload this task finds unsaved ({@link ClaimLostException}) it deletes
     * itself — its name is this claim's alone.
     */
    private void upload() throws IOException {
        OpenFile file = open;
        open = null;
        boolean empty = file.rows == 0; // every row rejected: no object, the offsets move on
        try {
            file.file.close();
            if (!empty) {
                saved = files.save(partition, saved, saved.state().uploading(file.key));
                files.upload(file.key, file.path);
            }
        } finally {
            Files.deleteIfExists(file.path);
        }
        PartitionState next =
                saved.state()
                        .after(
                                file.lastOffset + 1,
                                saved.state().loadFiles() + (file.load && !empty ? 1 : 0));
        if (file.named != null) {
            next = next.named(file.named.toEpochMilli());
        }
        // Only once saved: after a failed save the file is rebuilt from the old state under the
        // same name (its first offset), replacing what was uploaded.
        try {
            saved = files.save(partition, saved, next);
            deleteOrphanAgain();
        } catch (ClaimLostException e) {
            if (!empty) {
                try {
                    files.delete(file.key);
                } catch (RuntimeException delete) {
                    e.addSuppressed(delete); // left for the owner's reader: see docs/reliability.md
                }
            }
            throw e;
        }
    }

    private void deleteOrphanAgain() {
        if (orphan.isEmpty()) {
            return;
        }
        try {
            files.delete(orphan);
            orphan = "";
        } catch (RuntimeException e) {
            // Tried again after the next file; left behind only if this task stops first.
            LOG.warn(
                    "Cannot delete the last owner's s3 object {} again: {}",
                    orphan,
                    e.getMessage());
        }
    }

    private static TableId table(SinkRecord record, ChangeRecord change) {
        return change.target()
                .or(change::source)
                .orElseGet(() -> new TableId(record.topic(), record.topic()));
    }
}
