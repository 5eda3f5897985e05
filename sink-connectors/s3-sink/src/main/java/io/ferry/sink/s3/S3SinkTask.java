package io.ferry.sink.s3;

import io.ferry.common.PluginVersion;
import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import io.ferry.sink.s3.storage.ClaimLostException;
import io.ferry.sink.s3.storage.S3Files;
import io.ferry.sink.s3.storage.SavedState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One writer per assigned partition. On assignment the task claims each partition (its state in S3
 * saved again under a new claim) and resumes from that state (the offset after its last uploaded
 * file); Kafka's committed offsets follow that state, so a record is in exactly one uploaded file
 * whatever stops the task. A task that finds its partition claimed by another since stops writing
 * it and claims it again at its next {@code put} — by then Connect has taken it away if the other
 * task is its owner.
 */
public final class S3SinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(S3SinkTask.class);
    private final Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
    private final Clock clock;
    private final Function<S3SinkConfig, S3Client> clients;
    private S3SinkConfig config;
    private S3Client s3;
    private S3Files files;
    private Path workDir;
    private RetryBudget retries;
    private final Set<TopicPartition> paused = new HashSet<>();

    /**
     * Assigned partitions whose saved state could not be read yet (S3 was down), with the first
     * offset Connect delivered of each since (-1: none yet); their records are dropped meanwhile.
     */
    private final Map<TopicPartition, Long> unread = new HashMap<>();

    private boolean rewindPending;

    /** Why the task cannot go on, found in {@code preCommit}: thrown by the next {@code put}. */
    private ConnectException failure;

    public S3SinkTask() {
        this(Clock.systemUTC());
    }

    /** With a clock of the test's choosing, for rotation by interval. */
    S3SinkTask(Clock clock) {
        this(clock, S3SinkTask::client);
    }

    /** And a client of the test's choosing, to inject faults S3 itself does not produce. */
    S3SinkTask(Clock clock, Function<S3SinkConfig, S3Client> clients) {
        this.clock = clock;
        this.clients = clients;
    }

    @Override
    public String version() {
        return PluginVersion.of(S3SinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        s3 = clients.apply(config);
        files = new S3Files(s3, config.bucket(), config.bucketFolder(), config.connectorName());
        retries = new RetryBudget(config.maxRetries(), config.retryBackoffMs(), clock::millis);
        try {
            workDir = Files.createTempDirectory("ferry-s3-sink");
        } catch (IOException e) {
            throw new ConnectException("Cannot create a local work directory", e);
        }
    }

    /** Where files are written before upload; removed by {@link #stop()}. */
    Path workDir() {
        return workDir;
    }

    static S3Client client(S3SinkConfig config) {
        return config.aws().build(S3Client.builder().forcePathStyle(config.pathStyle()));
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition partition : partitions) {
            SavedState state;
            try {
                state = files.claim(partition);
            } catch (SdkException | UncheckedIOException | ClaimLostException e) {
                if (!isEnvironmental(e)) {
                    throw e;
                }
                // Failing here would fail the task for good (assigned while S3 is down): the
                // next put reads the state again, as it retries a write.
                LOG.warn(
                        "Cannot read the saved state of {} yet; its records wait for it: {}",
                        partition,
                        e.getMessage());
                unread.put(partition, -1L);
                continue;
            }
            resumeFrom(partition, state, seek);
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }

    /** A writer for the partition from its saved state, and where Kafka must deliver from. */
    private void resumeFrom(
            TopicPartition partition, SavedState state, Map<TopicPartition, Long> seek) {
        if (state.state().nextOffset() > 0) {
            seek.put(partition, state.state().nextOffset());
        }
        writers.put(
                partition,
                new PartitionWriter(partition, config, files, state, workDir, clock, this::reject));
    }

    /**
     * Reads the saved states {@code open} could not. A partition without one is delivered again
     * from the first record it delivered meanwhile: those records were dropped.
     *
     * @return the partitions read: their records delivered with this call are dropped too
     */
    private Set<TopicPartition> readUnreadStates() {
        Map<TopicPartition, Long> seek = new HashMap<>();
        Set<TopicPartition> read = new HashSet<>();
        try {
            for (Map.Entry<TopicPartition, Long> entry : unread.entrySet()) {
                SavedState state = files.claim(entry.getKey());
                long first = entry.getValue();
                if (state.state().nextOffset() == 0 && first >= 0) {
                    // Nothing saved yet: the partition starts where the consumer started, also
                    // for any later rewind, not at offset 0.
                    state = state.with(state.state().startingAt(first));
                    seek.put(entry.getKey(), first);
                }
                resumeFrom(entry.getKey(), state, seek);
                read.add(entry.getKey());
            }
        } finally {
            unread.keySet().removeAll(read);
            if (!seek.isEmpty()) {
                context.offset(seek);
            }
        }
        return read;
    }

    /** A record that cannot be written: to the DLQ when tolerated, else the task stops. */
    private void reject(SinkRecord record, RuntimeException error) {
        SinkTasks.reject(context, config.toleratesErrors(), record, error);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failure != null) {
            throw failure;
        }
        // Whatever happens to this delivery, a partition without its state must start again
        // from the first record it dropped.
        if (!unread.isEmpty()) {
            for (SinkRecord record : records) {
                unread.computeIfPresent(
                        partition(record), (p, first) -> first < 0 ? record.kafkaOffset() : first);
            }
        }
        if (rewindPending) {
            // An upload failed in preCommit: every partition starts over from its saved state.
            rewindAndPause(writers.keySet());
            pauseUnread();
            rewindPending = false;
            return;
        }
        if (!retries.due()) {
            // Waiting out a failure: what a partition delivers now is dropped, so it is rewound
            // and paused — one assigned meanwhile, or one Connect unpaused by taking it away and
            // giving it back (it forgets the pause of a partition it revokes).
            Set<TopicPartition> delivering = new HashSet<>();
            for (SinkRecord record : records) {
                TopicPartition partition = partition(record);
                if (writers.containsKey(partition)) {
                    delivering.add(partition);
                }
            }
            rewindAndPause(delivering);
            pauseUnread();
            return;
        }
        Set<TopicPartition> justRead = Set.of();
        if (!unread.isEmpty()) {
            try {
                justRead = readUnreadStates();
                retries.succeeded();
            } catch (SdkException | UncheckedIOException | ClaimLostException e) {
                if (!isEnvironmental(e)) {
                    throw new ConnectException(
                            "Reading a saved state failed: " + e.getMessage(), e);
                }
                discardAll(e);
                rewindAndPause(writers.keySet());
                pauseUnread();
                ConnectException next = retries.failed("Reading a saved state", e, context);
                if (!(next instanceof RetriableException)) {
                    throw next;
                }
                return;
            }
        }
        Set<TopicPartition> resume = new HashSet<>(paused);
        resume.retainAll(writers.keySet());
        if (!resume.isEmpty()) {
            // Connect pauses a partition again when a rebalance gives it back: resumed here.
            context.resume(resume.toArray(new TopicPartition[0]));
            paused.removeAll(resume);
        }
        long saves = files.saves();
        try {
            for (SinkRecord record : records) {
                PartitionWriter writer = writers.get(partition(record));
                if (writer != null && !justRead.contains(partition(record))) {
                    try {
                        writer.write(record);
                    } catch (ClaimLostException e) {
                        lose(e);
                    }
                }
            }
            uploadDueFiles();
        } catch (IOException | SdkException | UncheckedIOException e) {
            if (!isEnvironmental(e)) {
                throw new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
            }
            discardAll(e);
            rewindAndPause(writers.keySet());
            ConnectException next = retries.failed("Writing to S3", e, context);
            if (!(next instanceof RetriableException)) {
                throw next;
            }
            return;
        } catch (RuntimeException e) {
            throw new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
        }
        if (files.saves() > saves) {
            retries.succeeded();
        }
    }

    /** Uploads the files due; a partition another task claimed meanwhile is given up. */
    private void uploadDueFiles() throws IOException {
        for (PartitionWriter writer : List.copyOf(writers.values())) {
            try {
                writer.uploadIfDue();
            } catch (ClaimLostException e) {
                lose(e);
            }
        }
    }

    /**
     * Stops writing a partition another task claimed: its unsaved records are dropped and its
     * offsets no longer committed. At the next {@code put} it is claimed again from the saved state
     * — if Connect has not taken it away by then, this task is its owner (the other claimed it on
     * an assignment since revoked) — its records meanwhile dropped and delivered again.
     */
    private void lose(ClaimLostException e) {
        TopicPartition partition = e.partition();
        PartitionWriter writer = writers.remove(partition);
        LOG.warn("{}: its records not in S3 are dropped; claiming it again", e.getMessage(), e);
        if (writer != null) {
            try {
                writer.discard();
            } catch (IOException discard) {
                throw new ConnectException("Cannot drop the local file of " + partition, discard);
            }
            // Delivered again from its saved state; with none, from the first record it had.
            unread.put(
                    partition,
                    writer.nextOffset() > 0 ? writer.nextOffset() : writer.firstDelivered());
        }
    }

    private static TopicPartition partition(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    /**
     * S3 or the network failing is the environment's error, retried until max.retries; so is the
     * local disk failing. A 4xx reply (denied, no such bucket) is not, but for the few that a later
     * attempt can pass.
     */
    private static boolean isEnvironmental(Exception e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500
                    || service.isThrottlingException()
                    || (service.awsErrorDetails() != null
                            && TRANSIENT.contains(service.awsErrorDetails().errorCode()));
        }
        return true;
    }

    /** S3's 4xx replies that a later attempt can pass: a slow link, a skewed clock, a conflict. */
    private static final Set<String> TRANSIENT =
            Set.of("RequestTimeout", "RequestTimeTooSkewed", "OperationAborted");

    /** Drops every file not uploaded: their records come again from Kafka. */
    private void discardAll(Exception error) {
        for (PartitionWriter writer : writers.values()) {
            try {
                writer.discard();
            } catch (IOException e) {
                error.addSuppressed(e);
            }
        }
    }

    /**
     * Rewinds partitions to their saved states and pauses them until the backoff is over, so Kafka
     * delivers their records again — a redelivery of one batch alone would leave out the earlier
     * records the dropped files held. Only assigned partitions: Connect cannot seek others.
     */
    private void rewindAndPause(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionWriter writer = writers.get(partition);
            try {
                writer.discard();
            } catch (IOException e) {
                throw new ConnectException("Cannot drop the local file of " + partition, e);
            }
            rewind.put(partition, writer.nextOffset());
        }
        context.offset(rewind);
        context.pause(rewind.keySet().toArray(new TopicPartition[0]));
        paused.addAll(rewind.keySet());
    }

    /** Pauses the partitions whose state is not read yet: what they deliver is dropped. */
    private void pauseUnread() {
        if (!unread.isEmpty()) {
            context.pause(unread.keySet().toArray(new TopicPartition[0]));
            paused.addAll(unread.keySet());
        }
    }

    /**
     * Never throws (Connect would log, rewind and keep the task RUNNING): a failed upload drops the
     * files not uploaded and has the next {@code put} rewind; a task that must fail fails there.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (failure == null && !rewindPending && retries.due()) {
            long saves = files.saves();
            try {
                uploadDueFiles();
                if (files.saves() > saves) {
                    retries.succeeded();
                }
            } catch (IOException | SdkException | UncheckedIOException e) {
                discardAll(e);
                if (!isEnvironmental(e)) {
                    failure = new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
                } else {
                    rewindPending = true;
                    ConnectException next = retries.failed("Writing to S3", e, context);
                    if (!(next instanceof RetriableException)) {
                        failure = next;
                    }
                }
            } catch (RuntimeException e) {
                failure = new ConnectException("Writing to S3 failed: " + e.getMessage(), e);
            }
        }
        // What S3 holds: the saved states (and records after them that need no file).
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionWriter> entry : writers.entrySet()) {
            long next = entry.getValue().committable();
            if (next > 0) {
                committed.put(entry.getKey(), new OffsetAndMetadata(next));
            }
        }
        return committed;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Kept in paused: given back by a rebalance, a partition stays paused until resumed.
        unread.keySet().removeAll(partitions);
        for (TopicPartition partition : partitions) {
            PartitionWriter writer = writers.remove(partition);
            if (writer != null) {
                try {
                    writer.discard();
                } catch (IOException e) {
                    throw new ConnectException(e);
                }
            }
        }
    }

    @Override
    public void stop() {
        try {
            close(List.copyOf(writers.keySet()));
        } finally {
            if (s3 != null) {
                s3.close();
            }
            deleteWorkDir();
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new ConnectException("Cannot remove the work directory " + workDir, e);
        }
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {}
}
