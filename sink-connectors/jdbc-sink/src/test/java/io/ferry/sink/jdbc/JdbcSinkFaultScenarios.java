package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The JDBC sink at the protocol's edges, on a real database: a batch failing between its statements
 * and its commit, a failure in {@code preCommit}, a batch Connect delivers again, environment
 * errors (a full disk, raised by a trigger the test installs and drops), and a connection dropped
 * while idle. Each test checks the target's rows and the offsets {@code preCommit} returned.
 */
abstract class JdbcSinkFaultScenarios extends JdbcSinkScenarios {
    /**
     * Makes every insert into {@code table} fail as a full disk does ({@code on}), or heals it. An
     * environment error: it belongs to no record.
     */
    abstract void failWrites(String table, boolean on);

    /** The text of the error {@link #failWrites} raises. */
    static final String DISK_FULL = "No space left on device";

    private List<SinkRecord> creates(Events events, int from, int to) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(events.create(events.row(i, "v" + i, (long) i)));
        }
        return records;
    }

    private List<String> expected(int from, int to) {
        List<String> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(i + "|v" + i + "|" + i);
        }
        return rows;
    }

    private String keylessTable(String table) {
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(table)
                                + " (id int, name varchar(20), qty bigint)");
        return table;
    }

    /** Path 6: rows of a failed batch must never be committed by a later statement. */
    @Test
    void aFailedBatchIsRolledBackBeforeTheConnectionIsUsedAgain() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("rolled_back");
        Events events = new Events(topic, ROW, List.of());
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        List<SinkRecord> records = new ArrayList<>(creates(events, 0, 2));
        records.add(new SinkRecord(topic, 0, null, null, null, Map.of("bad", 1), 2));
        sink.put(records);
        // The batch fails on the unreadable record, after its good rows were written.
        Map<TopicPartition, OffsetAndMetadata> committed =
                sink.task().preCommit(Map.of(partition(topic), new OffsetAndMetadata(3)));
        assertEquals(Map.of(), committed);
        // A rebalance: offsets are read, and committed, on the task's connection.
        String other = SinkHarness.unique("other");
        sink.assign(Set.of(partition(other)));
        assertEquals(List.of(), harness.rows(qualified(topic), "id"));
        ConnectException failed = assertThrows(ConnectException.class, () -> sink.put(List.of()));
        assertTrue(failed.getMessage().contains(topic + "-0@2"), failed.getMessage());
        sink.stop();
        assertEquals(List.of(), harness.rows(qualified(topic), "id"));
    }

    /**
     * Path 8: with errors.tolerance=all a full disk is not a bad record. Nothing goes to the DLQ,
     * no offset moves; once the disk has room, every row arrives exactly once.
     */
    @Test
    void environmentErrorsAreRetriedNeverSentToTheDlq() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("disk_full"));
        Events events = new Events(topic, ROW, List.of());
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        failWrites(topic, true);
        sink.put(creates(events, 0, 10));
        assertEquals(Map.of(), sink.commit());
        assertEquals(List.of(), sink.context().reported);
        assertEquals(List.of(), harness.rows(qualified(topic), "id"));

        failWrites(topic, false);
        assertEquals(Map.of(partition(topic), 10L), sink.commit());
        sink.stop();
        assertEquals(List.of(), sink.context().reported);
        assertEquals(expected(0, 10), harness.rows(qualified(topic), "id"));
    }

    /** Path 7: a sink that cannot write fails its task with the reason; it does not loop. */
    @Test
    void aTaskThatCannotWriteFailsInsteadOfLoopingWhileRunning() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("stuck"));
        Events events = new Events(topic, ROW, List.of());
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.MAX_RETRIES, "1");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        failWrites(topic, true);
        sink.put(creates(events, 0, 5));
        assertEquals(Map.of(), sink.commit()); // the first failure: tried again later
        ConnectException failed = assertThrows(ConnectException.class, sink::commit);
        assertFalse(failed instanceof RetriableException, failed.toString());
        assertTrue(failed.getMessage().contains(DISK_FULL), failed.getMessage());
        sink.stop();
        failWrites(topic, false);
        assertEquals(List.of(), harness.rows(qualified(topic), "id"));
    }

    /**
     * Path 7 and 11: a failed write in {@code put} asks Connect to deliver the same records again
     * after a backoff (no sleep on the task's thread); delivered again, they are buffered once.
     */
    @Test
    void aBatchDeliveredAgainAfterARetriableErrorIsWrittenOnce() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("redelivered"));
        Events events = new Events(topic, ROW, List.of());
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_SIZE, "5");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.put(creates(events, 0, 3)); // buffered, below the batch size
        failWrites(topic, true);
        List<SinkRecord> poll = creates(events, 3, 10);
        assertThrows(RetriableException.class, () -> sink.put(poll));
        failWrites(topic, false);
        sink.put(poll); // what Connect does after a RetriableException: the same batch again
        // And a rewind to the start, as after a failed offset commit.
        sink.put(creates(events.startingAt(0), 0, 10));
        assertEquals(Map.of(partition(topic), 10L), sink.commit());
        sink.stop();
        assertEquals(expected(0, 10), harness.rows(qualified(topic), "id"));
    }

    /**
     * A poll larger than a batch is written a batch at a time; when a later batch of it fails, the
     * poll Connect delivers again is written from where the committed batches end: no row twice,
     * none missing, the offsets those of what is applied.
     */
    @Test
    void aPollWrittenInBatchesWhoseLaterBatchFailsIsWrittenOnceWhenDeliveredAgain() {
        SinkHarness harness = harness();
        String first = keylessTable(SinkHarness.unique("split_first"));
        String second = keylessTable(SinkHarness.unique("split_second"));
        Events a = new Events(first, ROW, List.of());
        Events b = new Events(second, ROW, List.of());
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_SIZE, "5");
        SinkHarness.Running sink =
                harness.start(props, Set.of(partition(first), partition(second)));
        List<SinkRecord> poll = new ArrayList<>(creates(a, 0, 5)); // one batch, written
        poll.addAll(creates(b, 0, 7)); // the next batch fails
        failWrites(second, true);
        assertThrows(RetriableException.class, () -> sink.put(poll));
        assertEquals(expected(0, 5), harness.rows(qualified(first), "id"));
        assertEquals(List.of(), harness.rows(qualified(second), "id"));
        failWrites(second, false);
        sink.put(poll); // what Connect does after a RetriableException: the same poll again
        assertEquals(Map.of(partition(first), 5L, partition(second), 7L), sink.commit());
        sink.stop();
        assertEquals(expected(0, 5), harness.rows(qualified(first), "id"));
        assertEquals(expected(0, 7), harness.rows(qualified(second), "id"));
    }

    /**
     * Path 17, the sink's part: a source that read its log again sends changes it had sent, at new
     * offsets. Recognised by their source position they are skipped — after a restart of the sink
     * too — and a keyless table holds each row once.
     */
    @Test
    void changesTheSourceSendsAgainAreWrittenOnce() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("resent"));
        Events events = new Events(topic, ROW, List.of(), true);
        String name = SinkHarness.unique("sink");
        SinkHarness.Running sink = harness.start(harness.props(name), Set.of(partition(topic)));
        List<SinkRecord> first = creates(events, 0, 5);
        assertEquals(Map.of(partition(topic), 5L), sink.commit(first));
        // The source starts again from before its last two changes: they come again, then new.
        List<SinkRecord> resent = new ArrayList<>();
        resent.add(events.again(first.get(3)));
        resent.add(events.again(first.get(4)));
        resent.addAll(creates(events, 5, 7));
        assertEquals(Map.of(partition(topic), 9L), sink.commit(resent));
        assertEquals(2, sink.task().repeatsSkipped());
        sink.stop();

        SinkHarness.Running restarted =
                harness.start(harness.props(name), Set.of(partition(topic)));
        List<SinkRecord> afterRestart = new ArrayList<>();
        afterRestart.add(events.again(first.get(4)));
        afterRestart.add(events.again(resent.get(3)));
        afterRestart.addAll(creates(events, 7, 8));
        assertEquals(Map.of(partition(topic), 12L), restarted.commit(afterRestart));
        assertEquals(2, restarted.task().repeatsSkipped());
        restarted.stop();
        assertEquals(expected(0, 8), harness.rows(qualified(topic), "id"));
    }

    /**
     * A key change — a delete and a create at one log position — is not a repeat; a tombstone among
     * repeats is one (applied, it would delete the row a later, repeated, insert brought back).
     */
    @Test
    void keyChangesAndTombstonesAreJudgedRightAmongRepeats() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("resent_keyed");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id int PRIMARY KEY, name varchar(20), qty bigint)");
        Events events = new Events(topic, ROW, List.of("id"), true);
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        List<SinkRecord> sent = new ArrayList<>();
        sent.add(events.create(events.row(1, "a", 1L)));
        sent.addAll(events.delete(events.row(1, "a", 1L)));
        sent.add(events.create(events.row(1, "b", 2L)));
        sent.add(events.create(events.row(5, "c", 5L)));
        sent.addAll(events.keyChange(events.row(5, "c", 5L), events.row(6, "c", 5L)));
        assertEquals(Map.of(partition(topic), 8L), sink.commit(sent));
        assertEquals(List.of("1|b|2", "6|c|5"), harness.rows(qualified(topic), "id"));
        // Everything from the first delete on, sent again.
        List<SinkRecord> resent = new ArrayList<>();
        for (SinkRecord record : sent.subList(1, sent.size())) {
            resent.add(events.again(record));
        }
        assertEquals(Map.of(partition(topic), 15L), sink.commit(resent));
        assertEquals(7, sink.task().repeatsSkipped());
        sink.stop();
        assertEquals(List.of("1|b|2", "6|c|5"), harness.rows(qualified(topic), "id"));
    }

    /**
     * Path 9: full.load.disable.constraints relaxes foreign keys for full-load batches only — never
     * for CDC inserts, and never left on after a batch that rolled back.
     */
    @Test
    void fullLoadRelaxationNeverReachesCdcChanges() {
        SinkHarness harness = harness();
        String parent = SinkHarness.unique("parent");
        String child = SinkHarness.unique("child");
        database()
                .execute(
                        "CREATE TABLE " + qualified(parent) + " (id bigint PRIMARY KEY)",
                        "CREATE TABLE "
                                + qualified(child)
                                + " (id int PRIMARY KEY, name varchar(20), qty bigint, FOREIGN KEY"
                                + " (qty) REFERENCES "
                                + qualified(parent)
                                + " (id))");
        Events events = new Events(child, ROW, List.of("id"));
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.DISABLE_CONSTRAINTS, "true");
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(child)));
        sink.putAndCommit(List.of(events.read(events.row(1, "loaded", 7L))));
        SinkRecord orphanUpdate =
                events.update(events.row(1, "loaded", 7L), events.row(1, "orphan", 9L));
        sink.putAndCommit(List.of(orphanUpdate));
        SinkRecord orphanInsert = events.create(events.row(2, "orphan", 8L));
        assertEquals(Map.of(partition(child), 3L), sink.commit(List.of(orphanInsert)));
        sink.stop();
        assertEquals(List.of("1|loaded|7"), harness.rows(qualified(child), "id"));
        assertEquals(List.of(orphanUpdate, orphanInsert), sink.context().reported);
    }

    /** Path 10: a connection the server dropped while idle is replaced when partitions move. */
    @Test
    void aConnectionDroppedWhileIdleIsReplacedAtTheNextRebalance() {
        SinkHarness harness = harness();
        String first = SinkHarness.unique("idle_a");
        String second = SinkHarness.unique("idle_b");
        Events a = new Events(first, ROW, List.of("id"));
        Events b = new Events(second, ROW, List.of("id"));
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(first)));
        sink.putAndCommit(creates(a, 0, 2));
        killOtherSessions();
        sink.assign(Set.of(partition(second)));
        assertEquals(
                Map.of(partition(first), 2L, partition(second), 3L), sink.commit(creates(b, 0, 3)));
        sink.stop();
        assertEquals(expected(0, 2), harness.rows(qualified(first), "id"));
        assertEquals(expected(0, 3), harness.rows(qualified(second), "id"));
    }

    /**
     * Path 11: two owners of one partition. The first task was evicted from the group while it held
     * a batch (a write slower than max.poll.interval.ms); the partition moved to a new task, which
     * wrote on. When the evicted task commits, its batch must not land over the new owner's.
     */
    @Test
    void anEvictedTaskCannotCommitOverTheNewOwner() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("fenced"));
        Events events = new Events(topic, ROW, List.of());
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        SinkHarness.Running evicted = harness.start(props, Set.of(partition(topic)));
        evicted.put(creates(events, 0, 5));
        SinkHarness.Running owner = harness.start(props, Set.of(partition(topic)));
        assertEquals(
                Map.of(partition(topic), 10L), owner.commit(creates(events.startingAt(0), 0, 10)));

        assertEquals(Map.of(), evicted.commit());
        evicted.put(creates(events.startingAt(5), 5, 8)); // still polled until the rebalance
        assertEquals(Map.of(), evicted.commit());
        assertEquals(
                Map.of(partition(topic), 12L),
                owner.commit(creates(events.startingAt(10), 10, 12)));
        evicted.stop();
        owner.stop();
        assertEquals(expected(0, 12), harness.rows(qualified(topic), "id"));
    }

    /**
     * Path 12: the target was loaded from a topic that was then recreated (or from another Kafka
     * cluster). Its stored offset is past the new partition's end; skipping the new records as
     * "applied" would lose them all. The task fails naming the partition and the reset.
     */
    @Test
    void aRecreatedTopicIsNotSkippedAsAlreadyApplied() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("recreated");
        Events events = new Events(topic, ROW, List.of("id"));
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        SinkHarness.Running first = harness.start(props, Set.of(partition(topic)));
        assertEquals(Map.of(partition(topic), 10L), first.commit(creates(events, 0, 10)));
        first.stop();

        SinkHarness.Running again = harness.start(props, Set.of(partition(topic)));
        assertEquals(Map.of(partition(topic), 10L), again.context().seeks);
        // The consumer could not seek past the new partition's end and started at its beginning.
        List<SinkRecord> recreated = creates(events.startingAt(0), 100, 103);
        ConnectException error = assertThrows(ConnectException.class, () -> again.put(recreated));
        again.stop();
        assertTrue(error.getMessage().contains(topic + "-0"), error.getMessage());
        assertTrue(error.getMessage().contains("ferry_sink_offsets"), error.getMessage());
        assertEquals(expected(0, 10), harness.rows(qualified(topic), "id"));
    }

    /**
     * Path 13: a value with more decimals than the target column keeps is refused, not rounded;
     * plain integers into a decimal column (the key here) are not checked.
     */
    @Test
    void aDecimalTheTargetWouldRoundIsRejectedNotRounded() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("priced");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id decimal(10,0) PRIMARY KEY, price decimal(10,2))");
        org.apache.kafka.connect.data.Schema priced =
                org.apache.kafka.connect.data.SchemaBuilder.struct()
                        .optional()
                        .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                        .field(
                                "price",
                                org.apache.kafka.connect.data.Decimal.builder(3).optional().build())
                        .build();
        Events events = new Events(topic, priced, List.of("id"));
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        SinkRecord fits = events.create(events.row(1, new java.math.BigDecimal("1.230")));
        SinkRecord rounded = events.create(events.row(2, new java.math.BigDecimal("1.234")));
        assertEquals(Map.of(partition(topic), 2L), sink.commit(List.of(fits, rounded)));
        sink.stop();
        assertEquals(List.of("1|1.23"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(rounded), sink.context().reported);
    }

    /** Path 13: a key-only row the target refuses (a foreign key) is rejected, not dropped. */
    @Test
    void aKeyOnlyRowBreakingAForeignKeyIsRejectedNotDropped() {
        SinkHarness harness = harness();
        String parent = SinkHarness.unique("kparent");
        String topic = SinkHarness.unique("keyonly");
        database()
                .execute(
                        "CREATE TABLE " + qualified(parent) + " (id int PRIMARY KEY)",
                        "INSERT INTO " + qualified(parent) + " VALUES (1)",
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id int PRIMARY KEY, FOREIGN KEY (id) REFERENCES "
                                + qualified(parent)
                                + " (id))");
        org.apache.kafka.connect.data.Schema keyOnly =
                org.apache.kafka.connect.data.SchemaBuilder.struct()
                        .optional()
                        .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                        .build();
        Events events = new Events(topic, keyOnly, List.of("id"));
        java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        SinkRecord kept = events.update(events.row(1), events.row(1));
        SinkRecord orphan = events.update(events.row(5), events.row(5));
        assertEquals(Map.of(partition(topic), 2L), sink.commit(List.of(kept, orphan)));
        sink.stop();
        assertEquals(List.of("1"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(orphan), sink.context().reported);
    }

    /**
     * Path 13: a half-open connection (the path to the database drops every byte) fails the write
     * after execute.timeout instead of hanging put() for ever; the batch is written on a new
     * connection once the path is back.
     */
    @Test
    void aHalfOpenConnectionFailsTheWriteInsteadOfHangingIt() throws Exception {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("half_open");
        Events events = new Events(topic, ROW, List.of("id"));
        try (TcpProxy proxy = new TcpProxy(database().host(), database().port())) {
            java.util.Map<String, String> props = harness.props(SinkHarness.unique("sink"));
            props.put(JdbcSinkConfig.URL, throughProxy(proxy));
            props.put(JdbcSinkConfig.EXECUTE_TIMEOUT, "2");
            SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
            assertEquals(Map.of(partition(topic), 2L), sink.commit(creates(events, 0, 2)));
            proxy.blackHole(true);
            Map<TopicPartition, Long> stuck =
                    assertTimeoutPreemptively(
                            Duration.ofSeconds(60), () -> sink.commit(creates(events, 2, 5)));
            assertEquals(Map.of(partition(topic), 2L), stuck);
            proxy.blackHole(false);
            assertEquals(Map.of(partition(topic), 5L), sink.commit(List.of()));
            sink.stop();
        }
        assertEquals(expected(0, 5), harness.rows(qualified(topic), "id"));
    }

    /** The database's JDBC URL through the proxy. */
    private String throughProxy(TcpProxy proxy) {
        return database()
                .jdbcUrl()
                .replace(":" + database().port() + "/", ":" + proxy.port() + "/");
    }

    /**
     * A first task writes offsets 0 to 4 of {@code records}; then, the target cut off, a second
     * task starts owning the partition.
     */
    private SinkHarness.Running startWhileDown(
            SinkHarness harness,
            Map<String, String> props,
            TcpProxy proxy,
            List<SinkRecord> records) {
        TopicPartition partition = partition(records.get(0).topic());
        SinkHarness.Running first = harness.start(props, Set.of(partition));
        assertEquals(Map.of(partition, 5L), first.commit(records.subList(0, 5)));
        first.stop();
        proxy.cut();
        return harness.start(props, Set.of(partition));
    }

    /**
     * A task started and assigned while its target is down (moved off a worker lost in an outage)
     * must not fail for good: its partitions' records wait for the claim, retried as a write is,
     * and the task then resumes from the offsets stored in the target.
     */
    @Test
    void aTaskAssignedWhileTheTargetIsDownClaimsItsPartitionsOnceItIsBack() throws Exception {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("down_at_start");
        Events events = new Events(topic, ROW, List.of("id"));
        TopicPartition partition = partition(topic);
        try (TcpProxy proxy = new TcpProxy(database().host(), database().port())) {
            Map<String, String> props = harness.props(SinkHarness.unique("sink"));
            props.put(JdbcSinkConfig.URL, throughProxy(proxy));
            List<SinkRecord> topicRecords = creates(events, 0, 8); // at offsets 0 to 7
            SinkHarness.Running second = startWhileDown(harness, props, proxy, topicRecords);
            // Kafka's committed offset lags the target's: Connect delivers from 3.
            List<SinkRecord> fromKafka = topicRecords.subList(3, 8);
            assertThrows(RetriableException.class, () -> second.put(fromKafka));
            proxy.restore();
            second.context().seeks.clear();
            second.put(fromKafka); // delivered again: claimed, and none of it taken
            assertEquals(Map.of(partition, 5L), second.context().seeks);
            assertEquals(Map.of(partition, 8L), second.commit(topicRecords.subList(5, 8)));
            second.stop();
        }
        assertEquals(expected(0, 8), harness.rows(qualified(topic), "id"));
    }

    /**
     * Connect delivers again a batch the task refused (the claim failed), also after a rebalance
     * has revoked and reassigned its partition — it drops a revoked partition's records by their
     * topic after transforms, so a renamed topic's stay. The claim made by that rebalance's {@code
     * open} must not take those earlier records for a recreated topic.
     */
    @Test
    void aBatchHeldAcrossTheRebalanceThatClaimedItsPartitionIsDeliveredAgain() throws Exception {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("held_batch");
        Events events = new Events(topic, ROW, List.of("id"));
        TopicPartition partition = partition(topic);
        try (TcpProxy proxy = new TcpProxy(database().host(), database().port())) {
            Map<String, String> props = harness.props(SinkHarness.unique("sink"));
            props.put(JdbcSinkConfig.URL, throughProxy(proxy));
            List<SinkRecord> topicRecords = creates(events, 0, 8); // at offsets 0 to 7
            SinkHarness.Running second = startWhileDown(harness, props, proxy, topicRecords);
            List<SinkRecord> held = topicRecords.subList(3, 8);
            assertThrows(RetriableException.class, () -> second.put(held));
            proxy.restore();
            second.task().close(Set.of(partition)); // the rebalance
            second.task().open(Set.of(partition)); // claimed now, sought to 5
            second.context().seeks.clear();
            second.put(held); // the batch Connect held
            assertEquals(Map.of(partition, 5L), second.context().seeks);
            assertEquals(Map.of(partition, 8L), second.commit(topicRecords.subList(5, 8)));
            second.stop();
        }
        assertEquals(expected(0, 8), harness.rows(qualified(topic), "id"));
    }

    /**
     * A commit whose reply was lost can land after the task has read its offsets again (a slow
     * COMMIT outliving execute.timeout). The retried batch must see it: here another session plays
     * that late commit (rows 3 and 4 with their offset) while the task still believes 3.
     */
    @Test
    void aCommitLandingAfterTheOffsetsWereReadIsNotAppliedTwice() {
        SinkHarness harness = harness();
        String topic = keylessTable(SinkHarness.unique("late_commit"));
        Events events = new Events(topic, ROW, List.of());
        String name = SinkHarness.unique("sink");
        SinkHarness.Running sink = harness.start(harness.props(name), Set.of(partition(topic)));
        assertEquals(Map.of(partition(topic), 3L), sink.commit(creates(events, 0, 3)));
        database()
                .execute(
                        "INSERT INTO " + qualified(topic) + " VALUES (3, 'v3', 3), (4, 'v4', 4)",
                        "UPDATE "
                                + qualified("ferry_sink_offsets")
                                + " SET next_offset = 5 WHERE connector_name = '"
                                + name
                                + "'");
        // The first attempt finds the offset moved and rolls back; the next reads it again.
        assertEquals(Map.of(partition(topic), 3L), sink.commit(creates(events, 3, 6)));
        assertEquals(Map.of(partition(topic), 6L), sink.commit());
        sink.stop();
        assertEquals(expected(0, 6), harness.rows(qualified(topic), "id"));
    }
}
