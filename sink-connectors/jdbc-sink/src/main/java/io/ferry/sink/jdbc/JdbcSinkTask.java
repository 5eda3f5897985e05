package io.ferry.sink.jdbc;

import io.ferry.common.LoadRestarts;
import io.ferry.common.PluginVersion;
import io.ferry.common.RetryBudget;
import io.ferry.sink.jdbc.apply.BatchWriter;
import io.ferry.sink.jdbc.apply.OwnershipLostException;
import io.ferry.sink.jdbc.apply.Rejections;
import io.ferry.sink.jdbc.apply.Repeats;
import io.ferry.sink.jdbc.change.ChangeReader;
import io.ferry.sink.jdbc.change.RecordBytes;
import io.ferry.sink.jdbc.dialect.Dialect;
import io.ferry.sink.jdbc.dialect.Dialects;
import io.ferry.sink.jdbc.table.AppliedPosition;
import io.ferry.sink.jdbc.table.ControlTables;
import io.ferry.sink.jdbc.table.TableManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records across polls up to {@code batch.size} or {@code batch.apply.memory.limit}, then
 * writes them as one transaction together with the offsets they reach. The offsets in the target,
 * not Kafka's, say where to resume: on assignment the task seeks there, and skips any record below
 * them.
 *
 * <p>A failed write is never retried by sleeping on the task's thread (the consumer would be
 * evicted from its group): in {@code put} Connect retries the same records after a backoff ({@link
 * RetriableException} with {@code context.timeout}); in {@code preCommit} the buffer is kept, the
 * offsets of what is applied are returned, and the next commit tries again. After {@code
 * max.retries} failed attempts, or at once for a record the sink may not skip, the task fails with
 * the reason — it never reports RUNNING while it cannot make progress.
 */
public final class JdbcSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkTask.class);

    private JdbcSinkConfig config;
    private Dialect dialect;
    private Connection connection;
    private ControlTables control;
    private TableManager tables;
    private BatchWriter writer;
    private final List<SinkRecord> buffer = new ArrayList<>();

    /** What the buffered records hold on the heap, estimated ({@link RecordBytes}). */
    private long bufferedBytes;

    /** Per assigned partition, the next offset the target has not applied. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();

    /** Per assigned partition, where the applied changes reached in the source's log. */
    private final Map<TopicPartition, AppliedPosition> positions = new HashMap<>();

    /** Where each partition stands between loads ({@link LoadRestarts}), as committed. */
    private final Map<TopicPartition, Integer> announced = new HashMap<>();

    /** Changes the source sent again, recognised by their source position and skipped. */
    private long repeats;

    /** Per partition, the offset after the last record buffered: one below was delivered again. */
    private final Map<TopicPartition, Long> buffered = new HashMap<>();

    private final Set<TopicPartition> assigned = new HashSet<>();

    /** Assigned partitions whose claim failed (the target was down): no record is taken yet. */
    private final Set<TopicPartition> unclaimed = new HashSet<>();

    /** Whether the last put threw a RetriableException: Connect delivers its records again. */
    private boolean redelivering;

    /** Where the task sought to on assignment, until the partition's first record arrives. */
    private final Map<TopicPartition, Long> resumedAt = new HashMap<>();

    /** Partitions another task claimed while this one still had them: ignored until reassigned. */
    private final Set<TopicPartition> lost = new HashSet<>();

    /** Writes failed in a row, and when the next attempt is due. */
    private RetryBudget retries;

    /** Why the task cannot go on, found in {@code preCommit}: thrown by the next {@code put}. */
    private ConnectException failure;

    /** Epoch ms, by which retries wait. */
    private final LongSupplier clock;

    /** Milliseconds that only move forward, by which a partial batch waits. */
    private final LongSupplier batchClock;

    /** Epoch ms, to tell how long ago a record was stamped. */
    private final LongSupplier wallClock;

    /** When the oldest record in the buffer was buffered, by the batch clock. */
    private long bufferedSince;

    /** Whether a record stamped a moment before it was buffered is in the buffer. */
    private boolean live;

    /**
     * A change stamped this recently when it is buffered means the consumer has caught up with its
     * source: changes come a few per poll, and waiting the full batch.apply.timeout.min for more
     * would only delay them. Stamps further ahead than this (a clock ahead) do not count.
     */
    static final long LIVE_MS = 1_000;

    public JdbcSinkTask() {
        this(
                System::currentTimeMillis,
                () -> System.nanoTime() / 1_000_000,
                System::currentTimeMillis);
    }

    /**
     * With clocks of the test's choosing: one to drive retries without waiting them out, one to
     * drive the partial-batch timeout and to tell a record's age.
     */
    JdbcSinkTask(LongSupplier clock, LongSupplier batchClock) {
        this(clock, batchClock, batchClock);
    }

    private JdbcSinkTask(LongSupplier clock, LongSupplier batchClock, LongSupplier wallClock) {
        this.clock = clock;
        this.batchClock = batchClock;
        this.wallClock = wallClock;
    }

    @Override
    public String version() {
        return PluginVersion.of(JdbcSinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        dialect = Dialects.of(config.target());
        retries = new RetryBudget(config.maxRetries(), config.retryBackoffMs(), clock);
        try {
            connect();
        } catch (SQLException e) {
            // A task may start while its target is down (moved off a lost worker in an outage):
            // the claim and the writes connect again, retried as any write.
            closeConnection();
            LOG.warn(
                    "Cannot connect to {} yet; trying again with the first claim or write: {}",
                    config.target().family(),
                    e.getMessage());
        }
    }

    /** Opens the connection; the first time, also builds the parts that depend on it. */
    private void connect() throws SQLException {
        connection = TargetConnections.open(config, dialect);
        connection.setAutoCommit(false);
        dialect.rowWriter().reset();
        if (writer == null) {
            build(dialect.defaultSchema(connection));
        } else {
            tables.reset();
        }
        control.create(connection);
    }

    private void build(String defaultSchema) {
        String controlSchema =
                config.controlSchema().isEmpty() ? defaultSchema : config.controlSchema();
        control = new ControlTables(dialect, controlSchema, config.connectorName());
        tables = new TableManager(dialect, control, config.prepMode(), config.autoEvolve());
        ChangeReader reader =
                new ChangeReader(
                        config.tableNameFormat(),
                        config.targetSchema(),
                        defaultSchema,
                        config.primaryKeyFields(),
                        config.targetTables(),
                        ControlTables::isControlTable);
        Rejections rejections =
                new Rejections(
                        config.toleratesErrors(),
                        reporter(),
                        control,
                        config.applyExceptions(),
                        config.connectorName());
        writer =
                new BatchWriter(
                        dialect,
                        reader,
                        tables,
                        control,
                        rejections,
                        config.batchApply(),
                        config.disableConstraints());
    }

    private ErrantRecordReporter reporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        lost.removeAll(partitions);
        unclaimed.addAll(partitions);
        try {
            claimUnclaimed();
        } catch (SQLException e) {
            // Failing here would fail the task for good: the claim is retried by the next put,
            // and the partitions' records wait for it.
            LOG.warn(
                    "Cannot claim {} in the target yet; their records wait for the claim: {}",
                    unclaimed,
                    e.getMessage());
        }
    }

    /** Claims the partitions not claimed yet and has Connect seek them to their stored offsets. */
    private void claimUnclaimed() throws SQLException {
        Set<TopicPartition> claiming = Set.copyOf(unclaimed);
        Map<TopicPartition, Long> stored = claim(claiming);
        unclaimed.removeAll(claiming);
        applied.putAll(stored);
        resumedAt.putAll(stored);
        if (!stored.isEmpty()) {
            LOG.info("Resuming from the offsets stored in the target: {}", stored);
            context.offset(stored);
        }
    }

    /**
     * Claims the partitions (fencing a task that had them) and reads their stored offsets, in one
     * transaction. A connection found dead (dropped while idle), or a claim racing another task's,
     * is tried once more.
     */
    private Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions)
            throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null) {
                    reconnect();
                }
                control.claim(connection, partitions);
                Map<TopicPartition, Long> stored = control.offsets(connection, partitions);
                positions.putAll(control.sourcePositions(connection, partitions));
                announced.putAll(control.announceStates(connection, partitions));
                connection.commit();
                return stored;
            } catch (SQLException e) {
                closeConnection();
                boolean again = dialect.isTransient(e) || dialect.isDuplicateKey(e);
                if (attempt > 0 || !again) {
                    throw e;
                }
                LOG.info("Claiming partitions failed, trying again: {}", e.getMessage());
            }
        }
    }

    /**
     * Claims what {@code open} could not (the target was down), retried as a write is. Records
     * delivered with a claim — made here, or by a rebalance while Connect held a batch to deliver
     * again (it drops a revoked partition's records by their topic after transforms, so a renamed
     * one's stay) — may come from before its seeks: none of them is buffered, and every partition
     * among them is delivered again, a claimed one from its stored offset, the others from their
     * first record here.
     *
     * @return whether the records came before a claim: they are not for buffering
     */
    private boolean deliveredBeforeTheirClaim(Collection<SinkRecord> records) {
        if (unclaimed.isEmpty() && !redelivering) {
            return false; // the usual case: nothing here costs a look at the records
        }
        boolean beforeClaim = false;
        if (!unclaimed.isEmpty()) {
            retries.awaitDue(context);
            try {
                claimUnclaimed();
            } catch (SQLException e) {
                throw retries.failed("Claiming partitions in the target", e, context);
            }
            retries.succeeded();
            beforeClaim = true;
        }
        Map<TopicPartition, Long> again = new HashMap<>();
        for (SinkRecord record : records) {
            TopicPartition partition = partition(record);
            if (assigned.contains(partition)) {
                again.merge(partition, record.originalKafkaOffset(), Math::min);
                beforeClaim |= redelivering && resumedAt.containsKey(partition);
            }
        }
        if (!beforeClaim) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> partition : again.entrySet()) {
            Long stored = resumedAt.get(partition.getKey());
            if (stored != null) {
                partition.setValue(stored);
            }
        }
        if (!again.isEmpty()) {
            context.offset(again);
        }
        return true;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        unclaimed.removeAll(partitions);
        forget(r -> partitions.contains(partition(r)));
        partitions.forEach(applied::remove);
        partitions.forEach(positions::remove);
        partitions.forEach(announced::remove);
        partitions.forEach(buffered::remove);
        partitions.forEach(resumedAt::remove);
        lost.removeAll(partitions);
        if (control != null) {
            control.release(partitions);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failure != null) {
            throw failure;
        }
        try {
            take(records);
            redelivering = false;
        } catch (RetriableException e) {
            redelivering = true; // Connect delivers these records again
            throw e;
        }
    }

    private void take(Collection<SinkRecord> records) {
        if (deliveredBeforeTheirClaim(records)) {
            return;
        }
        for (SinkRecord record : records) {
            add(record);
            if (full()) {
                // Written as soon as it is full, not after the whole poll: a poll may bring far
                // more than a batch, in records or in bytes. In a backoff the poll is delivered
                // again once it ends, and the rest of it is not buffered meanwhile.
                flushNow();
            }
        }
        if (buffer.isEmpty()) {
            return;
        }
        long waited = Math.max(0, batchClock.getAsLong() - bufferedSince);
        long timeout = config.batchApplyTimeoutMs();
        if (live) {
            // Caught up with the source: the next poll brings a few changes, not a batch.
            timeout = Math.min(timeout, config.liveLingerMs());
        }
        if (!retries.due()) {
            // A partial batch waits out a backoff with the next polls, which go on bringing
            // records; only a full buffer holds Connect's delivery (above).
            retries.pollWhenDue(context);
            return;
        }
        if (waited >= timeout) {
            flushNow();
        } else {
            // The consumer's poll waits for records up to the next offset commit: asked to come
            // back sooner, it brings the put that writes this partial batch in time.
            context.timeout(timeout - waited);
        }
    }

    /** Whether the buffer holds a batch: batch.size records or batch.apply.memory.limit. */
    private boolean full() {
        return buffer.size() >= config.batchSize()
                || bufferedBytes >= config.batchMemoryLimitBytes();
    }

    /** Writes the buffer now, or has Connect deliver the poll again once a retry is due. */
    private void flushNow() {
        retries.awaitDue(context);
        try {
            flushBuffer();
        } catch (SQLException e) {
            throw retryLater(e);
        }
    }

    /** Drops buffered records; what the rest hold is counted again. */
    private void forget(Predicate<SinkRecord> which) {
        if (buffer.removeIf(which)) {
            bufferedBytes = 0;
            for (SinkRecord record : buffer) {
                bufferedBytes += RecordBytes.estimate(record);
            }
        }
    }

    /**
     * Buffers a record the target has not applied. A record below one already buffered was
     * delivered again — Connect rewound the partition, or redelivers a batch after a retriable
     * error — so the copies buffered from it on are dropped first: nothing is buffered twice.
     */
    private void add(SinkRecord record) {
        TopicPartition partition = partition(record);
        long offset = record.originalKafkaOffset();
        checkResumed(partition, offset);
        Long next = applied.get(partition);
        if ((next != null && offset < next) || lost.contains(partition)) {
            return;
        }
        // Copies delivered again replace their buffered selves; the batch keeps its age.
        boolean wasEmpty = buffer.isEmpty();
        Long end = buffered.get(partition);
        if (end != null && offset < end) {
            forget(r -> partition(r).equals(partition) && r.originalKafkaOffset() >= offset);
        }
        if (wasEmpty) {
            bufferedSince = batchClock.getAsLong();
            live = false;
        }
        if (record.timestamp() != null
                && record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
            long age = wallClock.getAsLong() - record.timestamp();
            live |= age <= LIVE_MS && age >= -LIVE_MS;
        }
        buffer.add(record);
        bufferedBytes += RecordBytes.estimate(record);
        buffered.put(partition, offset + 1);
    }

    /**
     * Connect seeks to the stored offset on assignment, so a partition's first record below it
     * means the consumer could not: the offset is past the partition's end (a recreated topic,
     * another Kafka cluster) and it started over. Skipping those records as applied would lose them
     * all, silently.
     */
    private void checkResumed(TopicPartition partition, long offset) {
        Long stored = resumedAt.remove(partition);
        if (stored != null && offset < stored) {
            throw new ConnectException(
                    "Partition "
                            + partition
                            + " starts at offset "
                            + offset
                            + ", below the offset this connector has applied in the target ("
                            + stored
                            + "): the topic was recreated, or this is another Kafka cluster, and"
                            + " its records would be skipped as applied. To load the topic anew,"
                            + " delete the connector's rows from "
                            + control.offsetsTable()
                            + " (and from "
                            + control.preparedTable()
                            + " to prepare the tables again) or use a new connector name.");
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Never thrown from here: Connect would rewind and keep the task RUNNING, looping.
        if (failure == null && retries.due()) {
            try {
                flushBuffer();
            } catch (SQLException e) {
                ConnectException next = retryLater(e);
                if (!(next instanceof RetriableException)) {
                    failure = next;
                }
            } catch (ConnectException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new ConnectException("Writing a batch failed: " + e.getMessage(), e);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        applied.forEach(
                (partition, next) -> {
                    if (currentOffsets.containsKey(partition)) {
                        committed.put(partition, new OffsetAndMetadata(next));
                    }
                });
        return committed;
    }

    /**
     * Writes the buffer as one transaction with its offsets. On failure nothing is committed, the
     * buffer is kept and the connection is replaced at the next attempt.
     *
     * @throws SQLException the database or its environment failed; worth another attempt
     * @throws ConnectException a record the sink may not skip: the task must stop
     */
    private void flushBuffer() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            if (connection == null) {
                reconnect();
            }
            while (!buffer.isEmpty()) { // empty: all applied already, a commit's reply was lost
                Map<TopicPartition, Long> next = nextOffsets(buffer);
                Repeats.Kept kept = Repeats.filter(buffer, positions);
                try {
                    writer.write(connection, kept.records(), next, kept.reached(), announced);
                } catch (OwnershipLostException e) {
                    drop(e.partitions());
                    continue; // the other partitions' records are still this task's to write
                }
                applied.putAll(next);
                positions.putAll(kept.reached());
                if (kept.skipped() > 0) {
                    repeats += kept.skipped();
                    LOG.info(
                            "Skipped {} changes the source sent again (earlier in its log than"
                                    + " what is applied); {} in all",
                            kept.skipped(),
                            repeats);
                }
                buffer.clear();
                bufferedBytes = 0;
            }
            retries.succeeded();
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    /** Partitions another task owns now: their records are left to it, nothing is committed. */
    private void drop(Set<TopicPartition> partitions) {
        LOG.warn(
                "Another task has claimed {} (this task was evicted from the consumer group);"
                        + " leaving their records to it",
                partitions);
        lost.addAll(partitions);
        forget(r -> partitions.contains(partition(r)));
        partitions.forEach(applied::remove);
        partitions.forEach(positions::remove);
        partitions.forEach(announced::remove);
        partitions.forEach(buffered::remove);
        control.release(partitions);
    }

    /** A failed attempt: Connect is asked to retry after a backoff, until max.retries. */
    private ConnectException retryLater(SQLException error) {
        return retries.failed("Writing a batch", error, context);
    }

    /**
     * A new connection, and the offsets read again: a commit whose reply was lost may have
     * happened, and its records must not be applied twice.
     */
    private void reconnect() throws SQLException {
        closeConnection();
        try {
            connect();
            Set<TopicPartition> owned = new HashSet<>(assigned);
            owned.removeAll(lost);
            owned.removeAll(unclaimed);
            Map<TopicPartition, Long> stored = control.offsets(connection, owned);
            positions.putAll(control.sourcePositions(connection, owned));
            announced.putAll(control.announceStates(connection, owned));
            connection.commit();
            applied.putAll(stored);
            forget(
                    r -> {
                        Long next = applied.get(partition(r));
                        return next != null && r.originalKafkaOffset() < next;
                    });
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private static Map<TopicPartition, Long> nextOffsets(List<SinkRecord> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord record : records) {
            next.merge(partition(record), record.originalKafkaOffset() + 1, Math::max);
        }
        return next;
    }

    private static TopicPartition partition(SinkRecord record) {
        // The original partition: a transform may have renamed the topic.
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    /** Changes skipped because the source had sent them before. */
    long repeatsSkipped() {
        return repeats;
    }

    @Override
    public void stop() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection failed", e);
            }
            connection = null;
        }
    }
}
