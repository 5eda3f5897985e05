package io.ferry.sink.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableHeaders;
import io.ferry.common.TableId;
import io.ferry.sink.s3.layout.ObjectNames;
import io.ferry.testing.RecordingSinkContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The S3 sink at the protocol's edges, against a real S3 server with faults injected where S3 and
 * Connect meet: an upload failing in {@code preCommit} followed by Connect's rewind, a crash
 * between an upload and its state save, one transaction filling many files in one millisecond, and
 * two topics writing one table. Each ends with every row read back with DuckDB exactly once and the
 * offsets {@code preCommit} returned.
 */
class S3SinkFaultsIT {
    private static final Instant COMMIT = Instant.parse("2024-02-29T12:00:00.123Z");
    private static final TopicPartition ORDERS = new TopicPartition("shop.sales.orders", 0);
    private static final TopicPartition OTHER = new TopicPartition("shop.sales.other", 0);

    @TempDir Path downloads;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final LocalBucket bucket = new LocalBucket();

    /** A started task owning {@code partitions}, its S3 client wrapped with {@code fault}. */
    private S3SinkTask start(
            Map<String, String> props,
            Collection<TopicPartition> partitions,
            FaultyS3.Fault fault) {
        return start(new RecordingSinkContext(props), props, partitions, fault);
    }

    private S3SinkTask start(
            RecordingSinkContext context,
            Map<String, String> props,
            Collection<TopicPartition> partitions,
            FaultyS3.Fault fault) {
        S3SinkTask task =
                new S3SinkTask(clock, config -> FaultyS3.wrap(S3SinkTask.client(config), fault));
        task.initialize(context);
        task.start(props);
        task.open(partitions);
        return task;
    }

    private static FaultyS3.Fault none() {
        return (operation, key) -> {};
    }

    /** Fails the first {@code times} puts of keys that {@code match}. */
    private static FaultyS3.Fault failPuts(String match, int times) {
        AtomicInteger left = new AtomicInteger(times);
        return (operation, key) -> {
            if (operation.equals("putObject")
                    && key.contains(match)
                    && left.getAndDecrement() > 0) {
                throw SdkClientException.create("injected: connection reset putting " + key);
            }
        };
    }

    /**
     * Fails the first state save after a data file's upload: the crash between an upload and its
     * state save (the claim and the announcement before the upload go through).
     */
    static FaultyS3.Fault failStateSaveAfterUpload() {
        AtomicInteger left = new AtomicInteger(1);
        java.util.concurrent.atomic.AtomicBoolean uploaded =
                new java.util.concurrent.atomic.AtomicBoolean();
        return (operation, key) -> {
            if (!operation.equals("putObject")) {
                return;
            }
            if (!key.contains("/_ferry/")) {
                uploaded.set(true);
            } else if (uploaded.get() && left.getAndDecrement() > 0) {
                throw SdkClientException.create("injected: connection reset saving " + key);
            }
        };
    }

    /** Fails the first {@code times} reads of keys that {@code match}: a saved state unreadable. */
    private static FaultyS3.Fault failStateReads(String match, int times) {
        AtomicInteger left = new AtomicInteger(times);
        return (operation, key) -> {
            if (operation.equals("getObject")
                    && key.contains(match)
                    && left.getAndDecrement() > 0) {
                throw SdkClientException.create("injected: connection refused reading " + key);
            }
        };
    }

    private static SinkRecord change(TopicPartition partition, long offset, String op) {
        return Changes.event(
                partition,
                "sales",
                offset,
                op,
                null,
                Changes.row((int) offset, "v" + offset),
                COMMIT);
    }

    private static List<SinkRecord> changes(TopicPartition partition, int from, int to, String op) {
        return IntStream.range(from, to).mapToObj(i -> change(partition, i, op)).toList();
    }

    private static long offset(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition p) {
        return committed.get(p).offset();
    }

    /**
     * Every row of every data file, as DuckDB reads the CSV: {@code Op|id|name} or {@code id|name}.
     */
    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String key : bucket.keys()) {
            Path file = downloads.resolve(key.replace('/', '_'));
            Files.deleteIfExists(file);
            bucket.s3.client().getObject(b -> b.bucket(bucket.name).key(key), file);
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = duck.createStatement();
                    ResultSet result =
                            statement.executeQuery(
                                    "SELECT * FROM read_csv('"
                                            + file
                                            + "', header=false, all_varchar=true)")) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        values.add(result.getString(i));
                    }
                    rows.add(String.join("|", values));
                }
            }
        }
        return rows.stream().sorted().toList();
    }

    private static List<String> expected(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i + "|v" + i).toList();
    }

    @SafeVarargs
    private static List<String> sorted(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).sorted().toList();
    }

    /** Path 1: all events of one transaction share a commit time; each file must still be kept. */
    @Test
    void oneTransactionFillingManyCdcFilesKeepsEveryRow() throws Exception {
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.CDC_MIN_FILE_SIZE, "1");
        S3SinkTask task = start(props, Set.of(ORDERS), none());
        task.put(changes(ORDERS, 0, 600, "c"));
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();

        assertTrue(bucket.keys().size() >= 5, bucket.keys().toString());
        assertEquals(expected("I|", 0, 600).stream().sorted().toList(), rows());
        assertEquals(600, offset(committed, ORDERS));
    }

    /** Path 2: two source tables renamed into one target table (DMS refuses; Ferry keeps both). */
    @Test
    void twoTopicsWritingOneTargetTableKeepBothFiles() throws Exception {
        TopicPartition first = new TopicPartition("pg1.shard1.orders", 0);
        TopicPartition second = new TopicPartition("pg2.shard2.orders", 0);
        S3SinkTask task = start(bucket.props(), Set.of(first, second), none());
        List<SinkRecord> records = new ArrayList<>();
        for (TopicPartition partition : List.of(first, second)) {
            for (int i = 0; i < 20; i++) {
                SinkRecord record = change(partition, i, i < 10 ? "r" : "c");
                // What the table-mapping SMT writes for a rename of both schemas into `sales`.
                TableHeaders.write(
                        record.headers(),
                        new TableId(partition.topic().split("\\.")[1], "orders"),
                        new TableId("sales", "orders"));
                records.add(record);
            }
        }
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();

        List<String> load = expected("", 0, 10);
        List<String> cdc = expected("I|", 10, 20);
        assertEquals(sorted(load, load, cdc, cdc), rows());
        assertEquals(4, bucket.keys().size(), bucket.keys().toString());
        assertEquals(20, offset(committed, first));
        assertEquals(20, offset(committed, second));
    }

    /**
     * Path 3: one partition's upload fails in {@code preCommit}; Connect then rewinds every
     * partition to its committed offset and delivers the records again. The other partition's open
     * file already holds them: it must not hold them twice.
     */
    @Test
    void aFailedCommitFollowedByConnectsRewindWritesEachRecordOnce() throws Exception {
        Map<String, String> props = bucket.props();
        String failing = ObjectNames.topicTag(ORDERS.topic()) + "-0-0000000050";
        S3SinkTask task = start(props, Set.of(ORDERS, OTHER), failPuts(failing, 1));
        task.put(
                Stream.concat(
                                changes(ORDERS, 0, 50, "c").stream(),
                                changes(OTHER, 0, 50, "c").stream())
                        .toList());
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        assertEquals(Map.of(ORDERS, 50L, OTHER, 50L), offsets(committed));

        task.put(changes(ORDERS, 50, 100, "c"));
        clock.advance(Duration.ofSeconds(30));
        task.put(changes(OTHER, 50, 100, "c"));
        clock.advance(Duration.ofSeconds(30));
        // ORDERS' file is due and its upload fails: nothing more is committed, every partition
        // is rewound to its saved state and paused for the backoff (retry.backoff.ms, 1 s).
        assertEquals(Map.of(ORDERS, 50L, OTHER, 50L), offsets(task.preCommit(Map.of())));
        task.put(List.of()); // the next put rewinds and pauses
        clock.advance(Duration.ofSeconds(1));
        // Connect delivers again from the rewind.
        task.put(
                Stream.concat(
                                changes(ORDERS, 50, 100, "c").stream(),
                                changes(OTHER, 50, 100, "c").stream())
                        .toList());
        clock.advance(Duration.ofSeconds(60));
        committed = task.preCommit(Map.of());
        task.stop();

        List<String> each = expected("I|", 0, 100);
        assertEquals(sorted(each, each), rows());
        assertEquals(Map.of(ORDERS, 100L, OTHER, 100L), offsets(committed));
    }

    /**
     * Path 4: rows without a commit time (flattened by an SMT) are named by their Kafka timestamp,
     * so the file uploaded before a crash that lost its state save is replaced, not kept twice.
     */
    @Test
    void flattenedRowsWrittenAgainAfterACrashReplaceTheirFile() throws Exception {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Struct row = Changes.row(i, "v" + i);
            long timestamp = COMMIT.toEpochMilli() + i;
            records.add(
                    new SinkRecord(
                            ORDERS.topic(),
                            0,
                            null,
                            null,
                            Changes.ROW,
                            row,
                            i,
                            timestamp,
                            org.apache.kafka.common.record.TimestampType.CREATE_TIME));
        }
        Map<String, String> props = bucket.props();
        S3SinkTask crashed = start(props, Set.of(ORDERS), failStateSaveAfterUpload());
        crashed.put(records);
        clock.advance(Duration.ofSeconds(60));
        // The file is uploaded, its state save fails: nothing is committed; the task dies here.
        assertEquals(Map.of(), offsets(crashed.preCommit(Map.of())));

        clock.advance(Duration.ofMinutes(5)); // the wall clock moves on before the restart
        S3SinkTask restarted = start(props, Set.of(ORDERS), none());
        restarted.put(records);
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = restarted.preCommit(Map.of());
        restarted.stop();

        assertEquals(1, bucket.keys().size(), bucket.keys().toString());
        assertEquals(expected("U|", 0, 20).stream().sorted().toList(), rows());
        assertEquals(20, offset(committed, ORDERS));
    }

    /**
     * Issue 16, item 1: a truncate removes the table's files before its state is saved, so a crash
     * in between (here: the delete fails) replays the rows before it and removes them again.
     */
    @Test
    void aTruncateInterruptedBeforeItsStateSaveLeavesOnlyTheRowsAfterIt() throws Exception {
        Map<String, String> props = bucket.props();
        AtomicInteger deletes = new AtomicInteger();
        S3SinkTask crashed =
                start(
                        props,
                        Set.of(ORDERS),
                        (operation, key) -> {
                            if (operation.equals("deleteObjects")
                                    && deletes.getAndIncrement() == 0) {
                                throw SdkClientException.create("injected: reset deleting " + key);
                            }
                        });
        crashed.put(changes(ORDERS, 0, 20, "r"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(20, offset(crashed.preCommit(Map.of()), ORDERS));
        List<SinkRecord> rest = new ArrayList<>(changes(ORDERS, 20, 30, "c"));
        rest.add(Changes.event(ORDERS, "sales", 30, "t", null, null, COMMIT));
        rest.addAll(changes(ORDERS, 31, 40, "c"));
        crashed.put(rest); // rewound to the saved state; the task dies here
        assertEquals(20, offset(crashed.preCommit(Map.of()), ORDERS));

        S3SinkTask restarted = start(props, Set.of(ORDERS), none());
        restarted.put(rest);
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = restarted.preCommit(Map.of());
        restarted.stop();

        assertEquals(expected("I|", 31, 40), rows());
        assertEquals(40, offset(committed, ORDERS));
    }

    /**
     * Issue 17: a load that starts over (its source task stopped mid-load) announces its table
     * again: the unfinished load's files go — uploaded or still open — and only the new load's rows
     * stay; its first announcement removes nothing.
     */
    @Test
    void anAnnouncementAfterLoadedRowsStartsTheLoadOver() throws Exception {
        S3SinkTask task = start(bucket.props(), Set.of(ORDERS), none());
        List<SinkRecord> first = new ArrayList<>();
        first.add(Changes.event(ORDERS, "sales", 0, "p", null, null, COMMIT));
        first.addAll(changes(ORDERS, 1, 20, "r"));
        task.put(first);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(20, offset(task.preCommit(Map.of()), ORDERS));
        assertEquals(sorted(expected("", 1, 20)), sorted(rows()));
        List<SinkRecord> again = new ArrayList<>(changes(ORDERS, 20, 25, "r"));
        again.add(Changes.event(ORDERS, "sales", 25, "p", null, null, COMMIT));
        again.addAll(changes(ORDERS, 26, 30, "r"));
        task.put(again);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(30, offset(task.preCommit(Map.of()), ORDERS));
        task.stop();
        assertEquals(sorted(expected("", 26, 30)), sorted(rows()));
    }

    /**
     * Issue 17: S3 out of reach is an environment error. Each failure rewinds the partition to its
     * saved state and waits the backoff — doubling from retry.backoff.ms, by the clock, however
     * often Connect calls — and the task fails only after max.retries; an outage within them loses
     * nothing and doubles nothing.
     */
    @Test
    void anOutageIsRetriedByTheClockThenFailsTheTask() throws Exception {
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.MAX_RETRIES, "3");
        props.put(S3SinkConfig.RETRY_BACKOFF_MS, "10000");
        props.put(S3SinkConfig.CDC_MAX_BATCH_INTERVAL, "1"); // a file is due every second
        S3SinkTask task = start(props, Set.of(ORDERS), failPuts("/sales/orders/", 3));
        task.put(changes(ORDERS, 0, 10, "c"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of()))); // failure 1: wait 10 s
        // Connect calls again, a file due each time, before the wait is over: no attempt is made
        // (two more would find S3 back).
        for (int i = 0; i < 5; i++) {
            task.put(changes(ORDERS, 0, 10, "c"));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Map.of(), offsets(task.preCommit(Map.of())), "second " + (i + 1));
        }
        long wait = 5; // what is left of the first wait
        for (int failure = 2; failure <= 4; failure++) {
            clock.advance(Duration.ofSeconds(wait));
            wait = failure == 2 ? 20 : 40;
            task.put(changes(ORDERS, 0, 10, "c")); // redelivered from the rewind
            clock.advance(Duration.ofSeconds(1));
            Map<TopicPartition, Long> committed = offsets(task.preCommit(Map.of()));
            // failures 2 and 3 wait 20 and 40 s; then S3 is back
            assertEquals(failure <= 3 ? Map.of() : Map.of(ORDERS, 10L), committed);
            task.put(List.of());
        }
        task.stop();
        assertEquals(expected("I|", 0, 10), rows());

        S3SinkTask failing = start(props, Set.of(ORDERS), failPuts("/sales/orders/", 100));
        failing.put(changes(ORDERS, 10, 20, "c"));
        wait = 10;
        for (int failure = 1; failure <= 3; failure++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Map.of(ORDERS, 10L), offsets(failing.preCommit(Map.of())));
            failing.put(List.of());
            clock.advance(Duration.ofSeconds(wait));
            wait *= 2;
            failing.put(changes(ORDERS, 10, 20, "c"));
        }
        clock.advance(Duration.ofSeconds(1));
        // The fourth failure, in preCommit, which must not throw (Connect would only log): the
        // task fails at the next put.
        assertEquals(Map.of(ORDERS, 10L), offsets(failing.preCommit(Map.of())));
        assertThrows(ConnectException.class, () -> failing.put(List.of()));
        failing.stop();
        assertEquals(expected("I|", 0, 10), rows());
    }

    /**
     * A rebalance during the backoff: the partition paused for the wait goes to another task and
     * comes back before the wait is over. Connect forgets the pause of a partition it takes away,
     * so it delivers the partition's records again at once; they must be rewound and paused, never
     * dropped — the consumer has moved past them, and what it delivers after the wait would be
     * written with a gap before it.
     */
    @Test
    void aPartitionGivenBackDuringTheBackoffIsRewoundNotDropped() throws Exception {
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.RETRY_BACKOFF_MS, "10000");
        props.put(S3SinkConfig.CDC_MAX_BATCH_INTERVAL, "1"); // a file is due every second
        RecordingSinkContext context = new RecordingSinkContext(props);
        S3SinkTask task = start(context, props, Set.of(ORDERS), failPuts("/sales/orders/", 1));
        task.put(changes(ORDERS, 0, 10, "c"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of()))); // S3 fails: wait 10 s
        task.put(List.of());
        assertEquals(Set.of(ORDERS), context.paused, "paused for the wait");

        // The rebalance: taken away (Connect drops its pause), then given back, 2 s into the wait.
        task.close(Set.of(ORDERS));
        context.paused.remove(ORDERS);
        task.open(Set.of());
        task.close(Set.of());
        context.seeks.clear();
        task.open(Set.of(ORDERS));
        clock.advance(Duration.ofSeconds(1));
        task.put(changes(ORDERS, 0, 10, "c")); // from the committed offset: nothing committed yet
        assertEquals(Set.of(ORDERS), context.paused, "paused again for what is left of the wait");

        // After the wait Connect delivers from the rewind, or else from where its consumer is.
        clock.advance(Duration.ofSeconds(10));
        long next = context.seeks.getOrDefault(ORDERS, 10L);
        task.put(changes(ORDERS, (int) next, 20, "c"));
        clock.advance(Duration.ofSeconds(1));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();
        assertEquals(sorted(expected("I|", 0, 20)), rows());
        assertEquals(Map.of(ORDERS, 20L), offsets(committed));
    }

    /**
     * Partitions assigned while S3 is down (the task moved off a worker lost in an outage): the
     * task must not fail for good. Their records wait, paused, for the saved state, and the
     * partitions then start from it — or, without one yet, from the first record they gave and had
     * dropped.
     */
    @Test
    void partitionsAssignedWhileS3IsDownWaitForTheirSavedState() throws Exception {
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.CDC_MAX_BATCH_INTERVAL, "1"); // a file is due every second
        S3SinkTask first = start(props, Set.of(ORDERS), none());
        first.put(changes(ORDERS, 0, 10, "c"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Map.of(ORDERS, 10L), offsets(first.preCommit(Map.of())));
        first.stop();

        // The state reads of open, then of one put.
        FaultyS3.Fault stateReads = failStateReads("_ferry/", 3);
        RecordingSinkContext context = new RecordingSinkContext(props);
        S3SinkTask task = start(context, props, Set.of(ORDERS, OTHER), stateReads);
        // Connect delivers from Kafka's committed offsets: ORDERS from 10, OTHER from the start.
        task.put(
                Stream.concat(
                                changes(ORDERS, 10, 15, "c").stream(),
                                changes(OTHER, 0, 5, "c").stream())
                        .toList());
        assertEquals(Set.of(ORDERS, OTHER), context.paused, "paused until S3 is back");
        assertEquals(Map.of(), offsets(task.preCommit(Map.of())));

        clock.advance(Duration.ofSeconds(2)); // past the first wait (retry.backoff.ms, 1 s)
        context.seeks.clear();
        task.put(List.of());
        assertEquals(
                Map.of(ORDERS, 10L, OTHER, 0L),
                context.seeks,
                "from the state, or the first dropped");
        assertEquals(Set.of(), context.paused);
        task.put(
                Stream.concat(
                                changes(ORDERS, 10, 20, "c").stream(),
                                changes(OTHER, 0, 10, "c").stream())
                        .toList());
        clock.advance(Duration.ofSeconds(1));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();
        assertEquals(sorted(expected("I|", 0, 20), expected("I|", 0, 10)), rows());
        assertEquals(Map.of(ORDERS, 20L, OTHER, 10L), offsets(committed));
    }

    /**
     * A partition added by a rebalance while S3 fails (its state unread) delivers while the task
     * rewinds after a failed upload: those records are dropped too, so it must start again from the
     * first of them, not from what it delivers next.
     */
    @Test
    void aPartitionWithoutItsStateDeliveringDuringARewindStartsFromWhatItDropped()
            throws Exception {
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.CDC_MAX_BATCH_INTERVAL, "1"); // a file is due every second
        FaultyS3.Fault stateRead = failStateReads("_ferry/", 1);
        FaultyS3.Fault upload = failPuts("/sales/orders/", 1);
        FaultyS3.Fault fault =
                (operation, key) -> {
                    if (key.contains(OTHER.topic())) {
                        stateRead.check(operation, key);
                    }
                    upload.check(operation, key);
                };
        RecordingSinkContext context = new RecordingSinkContext(props);
        S3SinkTask task = start(context, props, Set.of(ORDERS), fault);
        task.put(changes(ORDERS, 0, 10, "c"));
        task.open(Set.of(OTHER)); // an incremental rebalance adds OTHER; its state is unreadable
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of()))); // ORDERS' upload fails
        task.put(changes(OTHER, 0, 5, "c")); // the next put rewinds; OTHER's records are dropped
        assertTrue(context.paused.contains(OTHER), "paused with the rest");

        clock.advance(Duration.ofSeconds(2)); // past the wait (retry.backoff.ms, 1 s)
        context.seeks.clear();
        task.put(changes(OTHER, 5, 8, "c"));
        assertEquals(Map.of(OTHER, 0L), context.seeks, "from the first record it dropped");
        task.put(
                Stream.concat(
                                changes(ORDERS, 0, 10, "c").stream(),
                                changes(OTHER, 0, 8, "c").stream())
                        .toList());
        clock.advance(Duration.ofSeconds(1));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();
        assertEquals(sorted(expected("I|", 0, 10), expected("I|", 0, 8)), rows());
        assertEquals(Map.of(ORDERS, 10L, OTHER, 8L), offsets(committed));
    }

    /** Path 5: a failed upload leaves no local file, and a stopped task no work directory. */
    @Test
    void aFailedUploadLeavesNoLocalFileAndStopRemovesTheWorkDirectory() throws Exception {
        S3SinkTask task = start(bucket.props(), Set.of(ORDERS), failPuts("/sales/orders/", 1));
        task.put(changes(ORDERS, 0, 10, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of())));
        Path workDir = task.workDir();
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.toList());
        }
        task.stop();
        assertFalse(Files.exists(workDir), workDir.toString());
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> map) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        map.forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }

    /**
     * A file whose every row went to the DLQ writes no object, and the saved state moves past it —
     * never back to the start of the partition.
     */
    @Test
    void aFileOfOnlyRejectedRowsWritesNothingAndMovesTheStateOn() throws Exception {
        org.apache.kafka.connect.data.Schema priced =
                org.apache.kafka.connect.data.SchemaBuilder.struct()
                        .optional()
                        .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                        .field(
                                "price",
                                org.apache.kafka.connect.data.Decimal.builder(2).optional().build())
                        .build();
        org.apache.kafka.connect.data.Schema envelope =
                org.apache.kafka.connect.data.SchemaBuilder.struct()
                        .field("after", priced)
                        .field("source", Changes.SOURCE)
                        .field("op", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                        .build();
        Struct source =
                new Struct(Changes.SOURCE)
                        .put("schema", "sales")
                        .put("table", "prices")
                        .put("ts_ms", COMMIT.toEpochMilli());
        // More decimals than the column's scale: Parquet cannot hold it.
        Struct bad =
                new Struct(priced).put("id", 1).put("price", new java.math.BigDecimal("1.234"));
        SinkRecord rejected =
                new SinkRecord(
                        ORDERS.topic(),
                        0,
                        null,
                        null,
                        envelope,
                        new Struct(envelope).put("after", bad).put("source", source).put("op", "c"),
                        5);
        Map<String, String> props = bucket.props();
        props.put(S3SinkConfig.DATA_FORMAT, "parquet");
        props.put("errors.tolerance", "all");
        S3SinkTask task = start(props, Set.of(ORDERS), none());
        List<SinkRecord> records = new ArrayList<>(changes(ORDERS, 0, 5, "c"));
        records.add(rejected); // another table: the orders file is uploaded, a prices file opened
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();
        assertEquals(1, bucket.keys().size(), bucket.keys().toString());
        assertTrue(bucket.keys().get(0).contains("/sales/orders/"), bucket.keys().toString());
        assertEquals(6, offset(committed, ORDERS));
    }

    /**
     * Two owners of one partition: the task that had it was evicted while it uploaded a file, and
     * the new owner claimed the partition and wrote the same records (and more) first. The old
     * owner's upload lands after the new owner's file; its state save then fails: it deletes its
     * file, commits nothing for the partition, and S3 holds every row once, as the new owner wrote
     * it.
     */
    @Test
    void anEvictedTaskUploadingAfterTheNewOwnersClaimLeavesNothingBehind() throws Exception {
        Map<String, String> props = bucket.props();
        AtomicReference<Map<TopicPartition, OffsetAndMetadata>> owners = new AtomicReference<>();
        AtomicInteger uploads = new AtomicInteger();
        FaultyS3.Fault takeover =
                (operation, key) -> {
                    if (operation.equals("putObject")
                            && key.contains("/sales/orders/")
                            && uploads.getAndIncrement() == 0) {
                        // Just before the old owner's upload: the rebalance, the new owner's file.
                        S3SinkTask owner = start(props, Set.of(ORDERS), none());
                        owner.put(changes(ORDERS, 0, 50, "c"));
                        clock.advance(Duration.ofSeconds(60));
                        owners.set(owner.preCommit(Map.of()));
                        owner.stop();
                    }
                };
        S3SinkTask evicted = start(props, Set.of(ORDERS), takeover);
        evicted.put(changes(ORDERS, 0, 30, "c"));
        clock.advance(Duration.ofSeconds(60));
        Map<TopicPartition, OffsetAndMetadata> committed = evicted.preCommit(Map.of());

        assertEquals(Map.of(ORDERS, 50L), offsets(owners.get()));
        assertEquals(Map.of(), offsets(committed), "the evicted task commits nothing");
        assertEquals(expected("I|", 0, 50).stream().sorted().toList(), rows());
        assertEquals(1, bucket.keys().size(), bucket.keys().toString());
        evicted.close(Set.of(ORDERS)); // Connect's rebalance reaches the evicted task
        evicted.stop();
    }

    /**
     * The other way round: a task claimed the partition on an assignment Connect has since revoked,
     * after its owner's claim. The owner loses its next save, and claims the partition again at its
     * next {@code put}: it goes on from its saved state, nothing lost or written twice.
     */
    @Test
    void anOwnerWhosePartitionWasClaimedByARevokedAssignmentClaimsItAgain() throws Exception {
        Map<String, String> props = bucket.props();
        RecordingSinkContext context = new RecordingSinkContext(props);
        S3SinkTask owner = start(context, props, Set.of(ORDERS), none());
        owner.put(changes(ORDERS, 0, 20, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(ORDERS, 20L), offsets(owner.preCommit(Map.of())));
        owner.put(changes(ORDERS, 20, 40, "c"));

        S3SinkTask revoked = start(props, Set.of(ORDERS), none()); // claims, then is revoked
        revoked.close(Set.of(ORDERS));
        revoked.stop();

        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(), offsets(owner.preCommit(Map.of())), "the save was refused");
        owner.put(changes(ORDERS, 40, 45, "c")); // claims again: Kafka must deliver from 20
        assertEquals(20L, context.seeks.get(ORDERS));
        owner.put(changes(ORDERS, 20, 60, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(ORDERS, 60L), offsets(owner.preCommit(Map.of())));
        owner.stop();
        assertEquals(expected("I|", 0, 60).stream().sorted().toList(), rows());
    }

    /**
     * An evicted task reaching a truncate after the new owner went past it: its truncate must not
     * delete what the new owner wrote after the truncate. Its state save before the delete is
     * refused, and it would spare the partition's files of later changes anyway.
     */
    @Test
    void anEvictedTasksTruncateLeavesTheNewOwnersLaterFiles() throws Exception {
        Map<String, String> props = bucket.props();
        List<SinkRecord> rest = new ArrayList<>(changes(ORDERS, 20, 30, "c"));
        rest.add(Changes.event(ORDERS, "sales", 30, "t", null, null, COMMIT));
        rest.addAll(changes(ORDERS, 31, 40, "c"));
        S3SinkTask evicted = start(props, Set.of(ORDERS), none());
        evicted.put(changes(ORDERS, 0, 20, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(20, offset(evicted.preCommit(Map.of()), ORDERS));

        S3SinkTask owner = start(props, Set.of(ORDERS), none());
        owner.put(rest);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(40, offset(owner.preCommit(Map.of()), ORDERS));
        owner.stop();

        evicted.put(rest.subList(0, 12));
        assertEquals(Map.of(), offsets(evicted.preCommit(Map.of())));
        evicted.close(Set.of(ORDERS));
        evicted.stop();
        assertEquals(expected("I|", 31, 40), rows());
    }

    /**
     * S3 applies the state save after an upload, and its answer is lost: to the task the save
     * failed. It rewinds and writes the file again; its announcement of it is refused (S3 holds the
     * save it applied), so it claims the partition again, finds the file counted, and goes on after
     * it — the file neither deleted nor written twice.
     */
    @Test
    void aStateSaveS3AppliedWhoseAnswerWasLostCountsItsFileOnce() throws Exception {
        Map<String, String> props = bucket.props();
        RecordingSinkContext context = new RecordingSinkContext(props);
        AtomicBoolean uploaded = new AtomicBoolean();
        AtomicInteger lost = new AtomicInteger(1);
        FaultyS3.Fault fault =
                new FaultyS3.Fault() {
                    @Override
                    public void check(String operation, String key) {
                        if (operation.equals("putObject") && !key.contains("/_ferry/")) {
                            uploaded.set(true);
                        }
                    }

                    @Override
                    public void answered(String operation, String key) {
                        if (operation.equals("putObject")
                                && key.endsWith("/0.properties")
                                && uploaded.get()
                                && lost.getAndDecrement() > 0) {
                            throw SdkClientException.create("injected: reset reading " + key);
                        }
                    }
                };
        S3SinkTask task = start(context, props, Set.of(ORDERS), fault);
        task.put(changes(ORDERS, 0, 20, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of())), "to the task the save failed");
        task.put(List.of()); // rewinds to offset 0 and pauses for the backoff
        clock.advance(Duration.ofSeconds(1));
        task.put(changes(ORDERS, 0, 20, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(), offsets(task.preCommit(Map.of())), "its announcement is refused");
        task.put(changes(ORDERS, 20, 25, "c")); // claims again: S3 holds offsets up to 20
        assertEquals(20L, context.seeks.get(ORDERS));
        task.put(changes(ORDERS, 20, 30, "c"));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Map.of(ORDERS, 30L), offsets(task.preCommit(Map.of())));
        task.stop();
        assertEquals(expected("I|", 0, 30).stream().sorted().toList(), rows());
    }
}
