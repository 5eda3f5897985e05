package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableHeaders;
import io.ferry.common.TableId;
import io.ferry.common.TargetTableFilter;
import io.ferry.testing.LocalDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The JDBC sink's behaviour against a real database; one subclass per database family. Each test
 * writes its own tables, named uniquely, so tests share one server.
 */
abstract class JdbcSinkScenarios {
    static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("id", Schema.INT32_SCHEMA)
                    .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("qty", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();

    abstract LocalDatabase database();

    /** The table as the test's SQL names it (schema-qualified where needed). */
    abstract String qualified(String table);

    /** Ends every other session of the test user, as a failover or a network cut would. */
    abstract void killOtherSessions();

    SinkHarness harness() {
        return new SinkHarness(database());
    }

    static TopicPartition partition(String topic) {
        return new TopicPartition(topic, 0);
    }

    @Test
    void createsTheTableWithItsKeyAndAppliesChangesInOrder() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("orders");
        Events events = new Events(topic, ROW, List.of("id"));
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        List<SinkRecord> records = new ArrayList<>();
        records.add(events.read(events.row(1, "a", 10L)));
        records.add(events.create(events.row(2, "b", 20L)));
        records.add(events.update(events.row(1, "a", 10L), events.row(1, "a2", 11L)));
        records.addAll(events.delete(events.row(2, "b", 20L)));
        records.add(events.create(events.row(3, "c", null)));
        records.add(events.update(events.row(3, "c", null), events.row(4, "moved", 40L)));
        sink.putAndCommit(records);
        sink.stop();

        assertEquals(List.of("1|a2|11", "4|moved|40"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of("id"), primaryKey(topic));
    }

    /**
     * Issue 18: a partial batch is written once its first change has waited {@code
     * batch.apply.timeout.min} (DMS BatchApplyTimeoutMin), with no offset commit: the task asks
     * Connect for the poll that brings the write in time. Its offsets are committed with it.
     */
    @Test
    void aPartialBatchIsWrittenOnceItsFirstChangeHasWaitedTheTimeout() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("orders");
        Events events = new Events(topic, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_APPLY_TIMEOUT_MIN, "2");
        AtomicLong clock = new AtomicLong(1_000_000);
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)), clock);
        sink.putAndCommit(List.of(events.create(events.row(1, "a", 10L)))); // the table exists

        sink.put(List.of(events.create(events.row(2, "b", 20L))));
        clock.addAndGet(1_500);
        sink.put(List.of(events.create(events.row(3, "c", 30L))));
        assertEquals(List.of("1|a|10"), harness.rows(qualified(topic), "id"));
        List<Long> timeouts = sink.context().timeouts();
        assertEquals(500L, timeouts.get(timeouts.size() - 1), "the next poll, asked for by then");

        clock.addAndGet(500);
        sink.put(List.of()); // that poll, with nothing new
        assertEquals(List.of("1|a|10", "2|b|20", "3|c|30"), harness.rows(qualified(topic), "id"));
        assertEquals(Map.of(partition(topic), 3L), sink.commit());
        sink.stop();
    }

    /**
     * Issue 18: a batch is written once its records hold {@code batch.apply.memory.limit} (DMS
     * BatchApplyMemoryLimit), in the middle of a poll if need be — large rows make small batches,
     * not an exhausted heap — and its offsets are committed with it.
     */
    @Test
    void aBatchIsWrittenOnceItHoldsTheMemoryLimitEvenMidPoll() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("large_rows");
        Events events = new Events(topic, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_APPLY_MEMORY_LIMIT, "1");
        props.put(JdbcSinkConfig.BATCH_APPLY_TIMEOUT_MIN, "3600");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.putAndCommit(List.of(events.create(events.row(0, "a", 0L)))); // the table exists
        String large = "x".repeat(100_000); // some 200 KB on the heap: a batch is 6 of them
        List<SinkRecord> poll = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            poll.add(events.create(events.row(i, large, (long) i)));
        }
        sink.put(poll);
        String count = "SELECT count(*) FROM " + qualified(topic);
        assertEquals(List.of("13"), harness.query(count), "two batches written, one row waits");
        assertEquals(Map.of(partition(topic), 14L), sink.commit());
        assertEquals(List.of("14"), harness.query(count));
        sink.stop();
    }

    /**
     * A change stamped a moment ago means the sink has caught up with its source: its partial batch
     * waits a few polls' worth ({@code LIVE_LINGER_MS}), not the whole timeout.
     */
    @Test
    void aPartialBatchOfLiveChangesWaitsOnlyAMoment() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("live");
        Events events = new Events(topic, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_APPLY_TIMEOUT_MIN, "2");
        AtomicLong clock = new AtomicLong(1_000_000);
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)), clock);
        sink.putAndCommit(List.of(events.create(events.row(1, "a", 10L)))); // the table exists

        SinkRecord change = events.create(events.row(2, "b", 20L));
        sink.put(
                List.of(
                        new SinkRecord(
                                change.topic(),
                                change.kafkaPartition(),
                                change.keySchema(),
                                change.key(),
                                change.valueSchema(),
                                change.value(),
                                change.kafkaOffset(),
                                clock.get() - 990, // live when buffered, not 50 ms later
                                TimestampType.CREATE_TIME)));
        assertEquals(List.of("1|a|10"), harness.rows(qualified(topic), "id"));
        List<Long> timeouts = sink.context().timeouts();
        assertEquals(50L, timeouts.get(timeouts.size() - 1), "the next poll, a moment later");
        clock.addAndGet(50);
        sink.put(List.of());
        assertEquals(List.of("1|a|10", "2|b|20"), harness.rows(qualified(topic), "id"));
        assertEquals(Map.of(partition(topic), 2L), sink.commit());
        sink.stop();
    }

    /**
     * Issue 16, item 15: a string column of a declared length is created as {@code varchar(n)};
     * when the source declares it longer — here between two rows of one batch — the column is
     * widened before the longer value is written.
     */
    @Test
    void aColumnDeclaredLongerIsWidenedBeforeItsLongerValues() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("widened");
        Events before = new Events(topic, declared(5), List.of("id"));
        Events after = new Events(topic, declared(12), List.of("id")).startingAt(2);
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        sink.putAndCommit(List.of(before.create(before.row(1, "short"))));
        assertEquals(List.of("5"), declaredLength(topic));
        sink.putAndCommit(
                List.of(
                        before.create(before.row(2, "still")),
                        after.create(after.row(3, "much longer!"))));
        sink.stop();
        assertEquals(
                List.of("1|short", "2|still", "3|much longer!"),
                harness.rows(qualified(topic), "id"));
        assertEquals(List.of("12"), declaredLength(topic));
    }

    static Schema declared(int length) {
        return SchemaBuilder.struct()
                .optional()
                .field("id", Schema.INT32_SCHEMA)
                .field(
                        "name",
                        SchemaBuilder.string()
                                .optional()
                                .parameter("__debezium.source.column.type", "VARCHAR")
                                .parameter(
                                        "__debezium.source.column.length", Integer.toString(length))
                                .build())
                .build();
    }

    private List<String> declaredLength(String table) {
        return harness()
                .query(
                        "SELECT character_maximum_length FROM information_schema.columns WHERE"
                                + " table_name = '"
                                + table
                                + "' AND column_name = 'name' AND data_type IN ('varchar',"
                                + " 'character varying')");
    }

    /** Issue 16, item 1: a truncate first (no table yet) does nothing; later ones empty it. */
    @Test
    void truncatesApplyInOrderAlsoBeforeTheTableExists() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("orders");
        Events events = new Events(topic, ROW, List.of("id"));
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        sink.putAndCommit(List.of(events.truncate()));
        sink.putAndCommit(
                List.of(
                        events.create(events.row(1, "a", 1L)),
                        events.create(events.row(2, "b", 2L)),
                        events.truncate(),
                        events.create(events.row(3, "c", 3L)),
                        events.update(events.row(3, "c", 3L), events.row(3, "c2", 4L))));
        assertEquals(List.of("3|c2|4"), harness.rows(qualified(topic), "id"));
        sink.putAndCommit(List.of(events.truncate(), events.create(events.row(4, "d", 5L))));
        sink.stop();
        assertEquals(List.of("4|d|5"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of("id"), primaryKey(topic), "created by its first row, with its key");
    }

    /**
     * Issue 16, item 2: an update without a column's value (Debezium's placeholder) sets only the
     * others; for a row the target lacks it is refused (DLQ), never written with the placeholder.
     */
    @Test
    void anUpdateWithoutAColumnsValueLeavesThatColumnAlone() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("docs");
        Events events = new Events(topic, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        String gone = io.ferry.common.UnavailableValues.PLACEHOLDER;
        sink.putAndCommit(
                List.of(
                        events.create(events.row(1, "long text", 1L)),
                        events.create(events.row(2, "other", 1L))));
        sink.putAndCommit(
                List.of(
                        events.update(events.row(1, "long text", 1L), events.row(1, gone, 2L)),
                        events.update(events.row(3, "never seen", 1L), events.row(3, gone, 2L))));
        // In one batch: the earlier change's value carries over to the later one.
        sink.putAndCommit(
                List.of(
                        events.update(events.row(2, "other", 1L), events.row(2, "new", 2L)),
                        events.update(events.row(2, "new", 2L), events.row(2, gone, 3L))));
        sink.stop();
        assertEquals(List.of("1|long text|2", "2|new|3"), harness.rows(qualified(topic), "id"));
        assertEquals(1, sink.context().reported.size(), "the update of a row not there");
    }

    @Test
    void batchApplyEndsLikeOneByOneApplyOnARandomStream() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("random");
        RandomStream stream = new RandomStream(new Events(topic, ROW, List.of("id")), 7);
        List<SinkRecord> records = stream.records(3_000, 150);
        for (boolean batchApply : new boolean[] {true, false}) {
            Map<String, String> props = harness.props(SinkHarness.unique("sink"));
            props.put(JdbcSinkConfig.BATCH_APPLY, Boolean.toString(batchApply));
            props.put(JdbcSinkConfig.BATCH_SIZE, "250");
            props.put(JdbcSinkConfig.TABLE_NAME_FORMAT, "${topic}_" + batchApply);
            SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
            for (List<SinkRecord> poll : stream.polls(records)) {
                sink.put(poll);
            }
            sink.commit();
            sink.stop();
        }
        List<String> expected = stream.expectedRows();
        assertEquals(expected, harness.rows(qualified(topic + "_true"), "id"));
        assertEquals(expected, harness.rows(qualified(topic + "_false"), "id"));
    }

    @Test
    void prepModeRunsOncePerMigrationNotOnRestart() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("prepared");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id int PRIMARY KEY, name varchar(20), qty bigint)",
                        "INSERT INTO " + qualified(topic) + " VALUES (99, 'old', 0)");
        Events events = new Events(topic, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.PREP_MODE, "TRUNCATE_BEFORE_LOAD");
        SinkHarness.Running first = harness.start(props, Set.of(partition(topic)));
        first.putAndCommit(List.of(events.read(events.row(1, "a", 1L))));
        first.stop();
        assertEquals(List.of("1|a|1"), harness.rows(qualified(topic), "id"));

        SinkHarness.Running restarted = harness.start(props, Set.of(partition(topic)));
        restarted.putAndCommit(List.of(events.read(events.row(2, "b", 2L))));
        restarted.stop();
        assertEquals(List.of("1|a|1", "2|b|2"), harness.rows(qualified(topic), "id"));

        Map<String, String> recreate = harness.props(SinkHarness.unique("sink"));
        recreate.put(JdbcSinkConfig.PREP_MODE, "DROP_AND_CREATE");
        SinkHarness.Running other = harness.start(recreate, Set.of(partition(topic)));
        other.putAndCommit(List.of(events.read(events.row(3, "c", 3L))));
        other.stop();
        assertEquals(List.of("3|c|3"), harness.rows(qualified(topic), "id"));
    }

    /**
     * Issue 17: a load that starts over (its source task stopped mid-load) announces its tables
     * again. What the unfinished load wrote goes, in order with the rows around the announcement —
     * the row it wrote that the source deleted before the new load read the table must not stay;
     * with DO_NOTHING the target's rows are left alone (and a warning names the table).
     */
    @Test
    void anAnnouncementOfAPreparedTableStartsItsLoadOver() {
        for (String mode : List.of("TRUNCATE_BEFORE_LOAD", "DROP_AND_CREATE", "DO_NOTHING")) {
            SinkHarness harness = harness();
            String topic = SinkHarness.unique("reload");
            Events events = new Events(topic, ROW, List.of("id"));
            Map<String, String> props = harness.props(SinkHarness.unique("sink"));
            props.put(JdbcSinkConfig.PREP_MODE, mode);
            SinkHarness.Running first = harness.start(props, Set.of(partition(topic)));
            first.putAndCommit(
                    List.of(
                            events.announce(),
                            events.read(events.row(1, "a", 1L)),
                            events.read(events.row(2, "deleted since", 2L))));
            first.stop();
            // Restarted: whether the table was prepared comes from the control tables.
            SinkHarness.Running restarted = harness.start(props, Set.of(partition(topic)));
            restarted.putAndCommit(
                    List.of(
                            events.read(events.row(3, "c", 3L)),
                            events.announce(),
                            events.read(events.row(1, "a", 1L)),
                            events.read(events.row(3, "c", 3L))));
            restarted.stop();
            assertEquals(
                    mode.equals("DO_NOTHING")
                            ? List.of("1|a|1", "2|deleted since|2", "3|c|3")
                            : List.of("1|a|1", "3|c|3"),
                    harness.rows(qualified(topic), "id"),
                    mode);
            // Both loads in one batch (the sink lagging behind a load that failed at once).
            String quick = SinkHarness.unique("reload_quick");
            Events again = new Events(quick, ROW, List.of("id"));
            SinkHarness.Running lagging = harness.start(props, Set.of(partition(quick)));
            lagging.putAndCommit(
                    List.of(
                            again.announce(),
                            again.read(again.row(1, "a", 1L)),
                            again.read(again.row(2, "deleted since", 2L)),
                            again.announce(),
                            again.read(again.row(1, "a", 1L))));
            lagging.stop();
            assertEquals(
                    mode.equals("DO_NOTHING")
                            ? List.of("1|a|1", "2|deleted since|2")
                            : List.of("1|a|1"),
                    harness.rows(qualified(quick), "id"),
                    mode);
        }
    }

    @Test
    void addsTheColumnsTheSourceAdds() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("evolving");
        Events v1 = new Events(topic, ROW, List.of("id"));
        Schema wider =
                SchemaBuilder.struct()
                        .optional()
                        .field("id", Schema.INT32_SCHEMA)
                        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("qty", Schema.OPTIONAL_INT64_SCHEMA)
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Events v2 = new Events(topic, wider, List.of("id")).startingAt(1);
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        sink.putAndCommit(List.of(v1.create(v1.row(1, "a", 1L))));
        sink.putAndCommit(List.of(v2.create(v2.row(2, "b", 2L, "new"))));
        sink.stop();
        assertEquals(List.of("1|a|1|null", "2|b|2|new"), harness.rows(qualified(topic), "id"));
    }

    @Test
    void aKilledTaskResumesWithNoRowMissingOrDoubled() {
        SinkHarness harness = harness();
        String keyed = SinkHarness.unique("keyed");
        String keyless = SinkHarness.unique("keyless");
        RandomStream withKey = new RandomStream(new Events(keyed, ROW, List.of("id")), 11);
        RandomStream withoutKey = new RandomStream(new Events(keyless, ROW, List.of()), 12);
        List<SinkRecord> keyedRecords = withKey.records(2_000, 100);
        List<SinkRecord> keylessRecords = withoutKey.records(2_000, 100);
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.BATCH_SIZE, "300");
        Set<TopicPartition> partitions = Set.of(partition(keyed), partition(keyless));

        Random random = new Random(5);
        int stopAt = 0;
        for (int crash = 0; crash < 3; crash++) {
            SinkHarness.Running sink = harness.start(props, partitions);
            // The worker delivers from where the task sought on assignment: the stored offsets.
            Map<TopicPartition, Long> seeks = sink.context().seeks;
            // Past what the last run committed, or the poison record is skipped as applied.
            stopAt += 150 + random.nextInt(400);
            List<SinkRecord> poison =
                    List.of(new SinkRecord(keyed, 0, null, null, null, Map.of("bad", 1), stopAt));
            List<SinkRecord> keyedPolls =
                    tail(keyedRecords, seeks.getOrDefault(partition(keyed), 0L), stopAt);
            sink.put(tail(keylessRecords, seeks.getOrDefault(partition(keyless), 0L), stopAt));
            ConnectException crashed =
                    assertThrows(
                            ConnectException.class,
                            () -> {
                                sink.put(keyedPolls);
                                sink.put(poison);
                                sink.commit();
                            });
            assertTrue(crashed.getMessage().contains(keyed + "-0@" + stopAt), crashed.getMessage());
            sink.stop();
        }
        SinkHarness.Running sink = harness.start(props, partitions);
        Map<TopicPartition, Long> seeks = sink.context().seeks;
        for (TopicPartition partition : partitions) {
            assertTrue(seeks.containsKey(partition), "seeks to stored offsets");
        }
        sink.put(tail(keyedRecords, seeks.get(partition(keyed)), Long.MAX_VALUE));
        sink.put(tail(keylessRecords, seeks.get(partition(keyless)), Long.MAX_VALUE));
        sink.commit();
        sink.stop();
        assertEquals(withKey.expectedRows(), harness.rows(qualified(keyed), "id"));
        assertEquals(
                withoutKey.expectedRows(),
                harness.rows(qualified(keyless), "id").stream()
                        .sorted(JdbcSinkScenarios::byColumns)
                        .toList());
    }

    /**
     * Records name their own target table (headers anyone producing to the topic can set): none
     * reaches the sink's control tables, and the include list confines the rest.
     */
    @Test
    void aRecordReachesNeitherControlTablesNorTablesTheIncludeListLeavesOut() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("confined");
        String schema = qualified("x").substring(0, qualified("x").indexOf('.'));
        Events events = new Events(topic, ROW, List.of("id"));
        SinkRecord meant = events.create(events.row(1, "meant", 1L));
        SinkRecord intoOffsets = events.create(events.row(2, "offsets", 2L));
        TableHeaders.write(
                intoOffsets.headers(),
                new TableId("src", topic),
                new TableId(schema, "ferry_sink_offsets"));
        // Another connector's, in another schema, spelled in capitals.
        SinkRecord intoOthers = events.create(events.row(4, "others", 4L));
        TableHeaders.write(
                intoOthers.headers(),
                new TableId("src", topic),
                new TableId("other_schema", "FERRY_Table_Prep"));
        // MariaDB's other spelling of the offsets table's name.
        SinkRecord legacy = events.create(events.row(5, "legacy", 5L));
        TableHeaders.write(
                legacy.headers(),
                new TableId("src", topic),
                new TableId(schema, "#mysql50#ferry_sink_offsets"));
        SinkRecord elsewhere = events.create(events.row(3, "elsewhere", 3L));
        TableHeaders.write(
                elsewhere.headers(), new TableId("src", topic), new TableId(schema, topic + "_x"));
        String name = SinkHarness.unique("sink");
        Map<String, String> props = harness.props(name);
        props.put("errors.tolerance", "all");
        // The control table is listed too: it is refused anyway.
        props.put(
                TargetTableFilter.INCLUDE_LIST,
                ".*\\." + topic + ",.*\\.ferry_sink_offsets,other_schema\\..*");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.putAndCommit(List.of(meant, intoOffsets, intoOthers, legacy, elsewhere));
        sink.stop();

        assertEquals(List.of("1|meant|1"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(intoOffsets, intoOthers, legacy, elsewhere), sink.context().reported);
        // Refused for where they were bound, before any statement (MariaDB's DDL would stay).
        for (int i = 0; i < 3; i++) {
            String why = sink.context().reasons.get(i).getMessage();
            assertTrue(why.contains("may be a control table"), why);
        }
        String why = sink.context().reasons.get(3).getMessage();
        assertTrue(why.contains(TargetTableFilter.INCLUDE_LIST + " does not include"), why);
        assertEquals(
                List.of("0"),
                harness.query(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = '"
                                + topic
                                + "_x'"));
    }

    /**
     * Issue 17: a record with a column no target type holds (an array) is refused on its own — to
     * the DLQ when tolerated — instead of failing its table's creation, and with it the task.
     */
    @Test
    void aColumnWithoutATargetTypeRefusesOnlyItsRecord() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("arrays");
        Events events = new Events(topic, ROW, List.of("id"));
        Schema withArray =
                SchemaBuilder.struct()
                        .optional()
                        .field("id", Schema.INT32_SCHEMA)
                        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("qty", Schema.OPTIONAL_INT64_SCHEMA)
                        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                        .build();
        SinkRecord odd =
                new Events(topic, withArray, List.of("id"))
                        .create(
                                new Struct(withArray)
                                        .put("id", 2)
                                        .put("name", "odd")
                                        .put("qty", 2L)
                                        .put("tags", List.of("a")));
        SinkRecord first = events.create(events.row(1, "ok", 1L));
        events.create(events.row(99, "offset 1 is the odd one's", 0L));
        SinkRecord third = events.create(events.row(3, "ok", 3L));
        SinkRecord poison =
                new SinkRecord(
                        topic, 0, odd.keySchema(), odd.key(), odd.valueSchema(), odd.value(), 1);
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.putAndCommit(List.of(first, poison, third));
        sink.stop();
        assertEquals(List.of("1|ok|1", "3|ok|3"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(poison), sink.context().reported);
    }

    @Test
    void refusedChangesGoToTheDlqAndApplyExceptionsWhenTolerated() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("checked");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id int PRIMARY KEY, name varchar(20), qty bigint CHECK (qty <"
                                + " 100))");
        Events events = new Events(topic, ROW, List.of("id"));
        List<SinkRecord> records =
                List.of(
                        events.create(events.row(1, "ok", 1L)),
                        events.create(events.row(2, "too much", 500L)),
                        events.create(events.row(3, "ok", 3L)));
        String name = SinkHarness.unique("sink");
        Map<String, String> props = harness.props(name);
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.putAndCommit(records);
        sink.stop();

        assertEquals(List.of("1|ok|1", "3|ok|3"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(records.get(1)), sink.context().reported);
        List<String> exceptions =
                harness.query(
                        "SELECT table_name, statement, kafka_offset FROM ferry_apply_exceptions"
                                + " WHERE task_name = '"
                                + name
                                + "'");
        assertEquals(1, exceptions.size());
        assertTrue(exceptions.get(0).startsWith(topic + "|UPSERT"), exceptions.get(0));
        assertTrue(exceptions.get(0).endsWith("[2]|1"), exceptions.get(0));

        Map<String, String> strict = harness.props(SinkHarness.unique("sink"));
        strict.put(JdbcSinkConfig.TABLE_NAME_FORMAT, topic);
        SinkHarness.Running failing = harness.start(strict, Set.of(partition(topic)));
        ConnectException error =
                assertThrows(
                        ConnectException.class,
                        () ->
                                failing.putAndCommit(
                                        List.of(
                                                events.update(
                                                        events.row(3, "ok", 3L),
                                                        events.row(3, "x", 700L)))));
        failing.stop();
        assertTrue(
                error.getMessage().contains(topic) && error.getMessage().contains("[3]"),
                error.getMessage());
    }

    @Test
    void aLostConnectionIsRetriedWithoutLosingOrDoublingRows() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("reconnect");
        String keyless = SinkHarness.unique("reconnect_keyless");
        Events events = new Events(topic, ROW, List.of());
        Events appended = new Events(keyless, ROW, List.of());
        SinkHarness.Running sink =
                harness.start(
                        harness.props(SinkHarness.unique("sink")),
                        Set.of(partition(topic), partition(keyless)));
        sink.putAndCommit(
                List.of(
                        events.create(events.row(1, "a", 1L)),
                        appended.create(appended.row(1, "a", 1L))));
        killOtherSessions();
        sink.putAndCommit(
                List.of(
                        events.create(events.row(2, "b", 2L)),
                        appended.create(appended.row(2, "b", 2L))));
        killOtherSessions();
        // A replay of what was committed before the cut is skipped, not appended again.
        sink.putAndCommit(List.of(appended.startingAt(0).create(appended.row(1, "a", 1L))));
        sink.stop();
        assertEquals(List.of("1|a|1", "2|b|2"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of("1|a|1", "2|b|2"), harness.rows(qualified(keyless), "id"));
    }

    @Test
    void tasksSharingATablePrepareItOnce() throws Exception {
        SinkHarness harness = harness();
        String table = SinkHarness.unique("shared");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(table)
                                + " (id int PRIMARY KEY, name text, qty bigint)",
                        "INSERT INTO " + qualified(table) + " VALUES (0, 'old', 0)");
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.TABLE_NAME_FORMAT, table);
        props.put(JdbcSinkConfig.PREP_MODE, "DROP_AND_CREATE");
        List<Thread> tasks = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            String topic = table + "_p" + t;
            Events events = new Events(topic, ROW, List.of("id"));
            List<SinkRecord> records = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int id = 1 + t * 1000 + i;
                records.add(events.read(events.row(id, "t" + t, (long) i)));
            }
            Thread thread =
                    new Thread(
                            () -> {
                                SinkHarness.Running sink =
                                        harness.start(props, Set.of(partition(topic)));
                                for (SinkRecord record : records) {
                                    sink.putAndCommit(List.of(record));
                                }
                                sink.stop();
                            });
            thread.setUncaughtExceptionHandler((x, e) -> failures.add(e));
            tasks.add(thread);
        }
        tasks.forEach(Thread::start);
        for (Thread thread : tasks) {
            thread.join(120_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of("200"), harness.query("SELECT count(*) FROM " + qualified(table)));
    }

    @Test
    void fullLoadCanSkipForeignKeyChecks() {
        SinkHarness harness = harness();
        String parent = SinkHarness.unique("parent");
        String child = SinkHarness.unique("child");
        database()
                .execute(
                        "CREATE TABLE " + qualified(parent) + " (id bigint PRIMARY KEY)",
                        "CREATE TABLE "
                                + qualified(child)
                                + " (id int PRIMARY KEY, name text, qty bigint, FOREIGN KEY (qty)"
                                + " REFERENCES "
                                + qualified(parent)
                                + " (id))");
        Events events = new Events(child, ROW, List.of("id"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.DISABLE_CONSTRAINTS, "true");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(child)));
        // Tables load one at a time: the child's rows arrive before their parents exist.
        sink.putAndCommit(List.of(events.read(events.row(1, "orphan for now", 7L))));
        sink.stop();
        assertEquals(List.of("1|orphan for now|7"), harness.rows(qualified(child), "id"));

        Map<String, String> checked = harness.props(SinkHarness.unique("sink"));
        checked.put(JdbcSinkConfig.TABLE_NAME_FORMAT, child);
        SinkHarness.Running strict = harness.start(checked, Set.of(partition(child)));
        assertThrows(
                ConnectException.class,
                () -> strict.putAndCommit(List.of(events.read(events.row(2, "orphan", 8L)))));
        strict.stop();
    }

    /** The key columns of a table, from information_schema. */
    List<String> primaryKey(String table) {
        return harness()
                .query(
                        "SELECT k.column_name FROM information_schema.table_constraints c JOIN"
                                + " information_schema.key_column_usage k ON c.constraint_name ="
                                + " k.constraint_name AND c.table_schema = k.table_schema AND"
                                + " c.table_name = k.table_name WHERE c.constraint_type = 'PRIMARY"
                                + " KEY' AND c.table_name = '"
                                + table
                                + "'");
    }

    private static List<SinkRecord> tail(List<SinkRecord> records, long from, long to) {
        return records.stream()
                .filter(r -> r.kafkaOffset() >= from && r.kafkaOffset() < to)
                .toList();
    }

    /** Records a random mix of inserts, updates and deletes, and the table they should leave. */
    static final class RandomStream {
        private final Events events;
        private final Random random;
        private final Map<Integer, Struct> keyed = new TreeMap<>();
        private final List<Struct> bag = new ArrayList<>();

        RandomStream(Events events, long seed) {
            this.events = events;
            this.random = new Random(seed);
        }

        List<SinkRecord> records(int count, int keys) {
            List<SinkRecord> records = new ArrayList<>();
            boolean hasKey = events.hasKey();
            for (int i = 0; records.size() < count; i++) {
                int id = random.nextInt(keys);
                Struct row = events.row(id, "v" + i, random.nextBoolean() ? null : (long) i);
                if (hasKey) {
                    Struct current = keyed.get(id);
                    if (current == null) {
                        records.add(i < count / 3 ? events.read(row) : events.create(row));
                        keyed.put(id, row);
                    } else if (random.nextInt(4) == 0) {
                        records.addAll(events.delete(current));
                        keyed.remove(id);
                    } else {
                        records.add(events.update(current, row));
                        keyed.put(id, row);
                    }
                } else if (bag.isEmpty() || random.nextInt(3) > 0) {
                    records.add(events.create(row));
                    bag.add(row);
                } else {
                    Struct current = bag.remove(random.nextInt(bag.size()));
                    if (random.nextBoolean()) {
                        records.addAll(events.delete(current));
                    } else {
                        records.add(events.update(current, row));
                        bag.add(row);
                    }
                }
            }
            return records;
        }

        /** The records cut into polls of random sizes. */
        List<List<SinkRecord>> polls(List<SinkRecord> records) {
            List<List<SinkRecord>> polls = new ArrayList<>();
            for (int from = 0; from < records.size(); ) {
                int to = Math.min(records.size(), from + 1 + random.nextInt(120));
                polls.add(records.subList(from, to));
                from = to;
            }
            return polls;
        }

        /** The expected rows as text, in id (then name, qty) order. */
        List<String> expectedRows() {
            List<Struct> rows =
                    events.hasKey() ? new ArrayList<>(keyed.values()) : new ArrayList<>(bag);
            return rows.stream()
                    .map(r -> r.get("id") + "|" + r.get("name") + "|" + r.get("qty"))
                    .sorted(JdbcSinkScenarios::byColumns)
                    .toList();
        }
    }

    private static int byColumns(String a, String b) {
        String[] x = a.split("\\|");
        String[] y = b.split("\\|");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return c != 0 ? c : a.compareTo(b);
    }
}
