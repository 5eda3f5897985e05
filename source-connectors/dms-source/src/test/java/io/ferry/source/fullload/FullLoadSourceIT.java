package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The full load connector on a Connect cluster of three workers against real PostgreSQL: its rows
 * are the events Debezium's own snapshot sends for the same table, and a load whose worker stops
 * half way completes with every row exactly once (the workers' exactly-once source support on, the
 * topic read committed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullLoadSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 120_000;

    private EmbeddedConnectCluster connect;
    private final LocalDatabase db = LocalServers.postgres();

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(Converters.JSON.workerProps());
        worker.put("exactly.once.source.support", "enabled");
        // A stopped worker's tasks move at once, not after Connect's default 5 minutes.
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        connect =
                ConnectClusters.start("full-load", 3, worker, ConnectClusters.EXACTLY_ONCE_BROKER);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    /** A per-table metric of each of the connector's tasks, over JMX. */
    private static List<Object> tableMetrics(String connector, String table, String attribute) {
        try {
            javax.management.MBeanServer server =
                    java.lang.management.ManagementFactory.getPlatformMBeanServer();
            List<Object> values = new java.util.ArrayList<>();
            for (javax.management.ObjectName bean :
                    server.queryNames(
                            new javax.management.ObjectName(
                                    "kafka.connect:type=plugins,connector="
                                            + connector
                                            + ",*,table="
                                            + table),
                            null)) {
                values.add(server.getAttribute(bean, attribute));
            }
            return values;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fullLoad(String prefix, String table, String parallelLoad) {
        return fullLoad(prefix, table, parallelLoad, "");
    }

    /**
     * @param filters the selection rule's {@code filters} array, or empty
     */
    private Map<String, String> fullLoad(
            String prefix, String table, String parallelLoad, String filters) {
        return fullLoad(db, prefix, table, parallelLoad, filters);
    }

    private static Map<String, String> fullLoad(
            LocalDatabase db, String prefix, String table, String parallelLoad, String filters) {
        Map<String, String> config = connection(db);
        String schema = schema(db);
        config.put("connector.class", FullLoadSourceConnector.class.getName());
        config.put(
                "source.engine",
                db.engine() == LocalDatabase.Engine.POSTGRES ? "postgres" : "mariadb");
        config.put("topic.prefix", prefix);
        config.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "%s", "table-name": "%s"},
                   "rule-action": "include"%s}%s
                ]}
                """
                        .formatted(
                                schema,
                                table,
                                filters.isEmpty() ? "" : ", \"filters\": " + filters,
                                parallelLoad.isEmpty()
                                        ? ""
                                        : """
                                          ,
                                          {"rule-type": "table-settings", "rule-id": "2",
                                           "rule-name": "2",
                                           "object-locator": {"schema-name": "%s",
                                             "table-name": "%s"},
                                           "parallel-load": %s}
                                          """
                                                .formatted(schema, table, parallelLoad)));
        return config;
    }

    private Map<String, String> connection() {
        return connection(db);
    }

    private static Map<String, String> connection(LocalDatabase db) {
        Map<String, String> config = new HashMap<>();
        config.put("database.hostname", db.host());
        config.put("database.port", Integer.toString(db.port()));
        config.put("database.user", LocalDatabase.USER);
        config.put("database.password", LocalDatabase.PASSWORD);
        if (db.engine() == LocalDatabase.Engine.POSTGRES) {
            config.put("database.dbname", LocalDatabase.DATABASE);
        } else {
            config.put("database.ssl.mode", "disable");
        }
        return config;
    }

    private static String schema(LocalDatabase db) {
        return db.engine() == LocalDatabase.Engine.POSTGRES ? "public" : LocalDatabase.DATABASE;
    }

    /**
     * The topic's records by their key once {@code count} have arrived, read committed: fails on a
     * key read twice.
     */
    private Map<String, JsonNode> readOnce(String topic, int count) throws Exception {
        Map<String, Object> committed = Map.of("isolation.level", "read_committed");
        connect.kafka().consume(count, DEADLINE_MS, committed, topic);
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            Map<String, JsonNode> byKey = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record :
                    connect.kafka().consumeAll(DEADLINE_MS, null, committed, topic)) {
                JsonNode value = JSON.readTree(record.value());
                if (isAnnouncement(value)) {
                    continue;
                }
                String key = JSON.readTree(record.key()).get("payload").toString();
                JsonNode previous = byKey.put(key, value);
                assertTrue(previous == null, "row " + key + " sent twice");
            }
            // Announcements count among the records consumed: wait for the rows themselves.
            if (byKey.size() >= count || System.currentTimeMillis() > deadline) {
                return byKey;
            }
        }
    }

    private static boolean isAnnouncement(JsonNode value) {
        return "p".equals(value.path("payload").path("op").asText());
    }

    /** The topic's values as they are now, read committed, announcements included. */
    private List<JsonNode> values(String topic) throws Exception {
        List<JsonNode> values = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                connect.kafka()
                        .consumeAll(
                                DEADLINE_MS,
                                null,
                                Map.of("isolation.level", "read_committed"),
                                topic)) {
            // A delete's tombstone has no value.
            values.add(
                    record.value() == null
                            ? JSON.getNodeFactory().nullNode()
                            : JSON.readTree(record.value()));
        }
        return values;
    }

    /**
     * A table read as one segment is announced before its first row — an empty one too, so a sink
     * creates it — and its end is stored with a heartbeat: a connector restarted with one more
     * table loads that table and sends nothing of the loaded ones again.
     */
    @Test
    void everyTableArrivesEmptyOnesTooAndALoadedSegmentIsNotReadAgain() throws Exception {
        String tables = "done_" + System.nanoTime();
        db.execute(
                "CREATE TABLE " + tables + "_a (id bigint PRIMARY KEY, note text)",
                "CREATE TABLE " + tables + "_b (id bigint PRIMARY KEY, note text)",
                "INSERT INTO " + tables + "_b SELECT g, 'row ' || g FROM generate_series(1, 50) g");
        String prefix = "ferry_" + tables;
        String name = "ferry-" + tables;
        connect.configureConnector(name, fullLoad(prefix, tables + "_%", ""));
        Map<String, JsonNode> rows = readOnce(prefix + ".public." + tables + "_b", 50);
        assertEquals(50, rows.size());
        connect.kafka().consume(1, DEADLINE_MS, prefix + ".public." + tables + "_a");
        waitForAnnouncement(prefix + ".public." + tables + "_b");

        db.execute(
                "CREATE TABLE " + tables + "_c (id bigint PRIMARY KEY, note text)",
                "INSERT INTO " + tables + "_c VALUES (1, 'new')");
        connect.restartConnectorAndTasks(name, false, true, false);
        // One task reads the segments in turn: once c is announced, a and b were passed over.
        waitForAnnouncement(prefix + ".public." + tables + "_c");
        assertEquals(1, readOnce(prefix + ".public." + tables + "_c", 1).size());
        connect.deleteConnector(name);

        List<JsonNode> a = values(prefix + ".public." + tables + "_a");
        assertEquals(1, a.size(), "the empty table is announced once");
        assertTrue(isAnnouncement(a.get(0)));
        assertTrue(a.get(0).get("payload").get("after").isNull());
        assertEquals(tables + "_a", a.get(0).get("payload").get("source").get("table").asText());
        List<JsonNode> b = values(prefix + ".public." + tables + "_b");
        assertEquals(51, b.size(), "50 rows and one announcement, none sent again");
        assertTrue(isAnnouncement(b.get(0)), "the announcement comes before the rows");
        assertEquals(
                3,
                values("__debezium-heartbeat." + prefix).size(),
                "each segment's end is stored once, on the heartbeat topic");
    }

    /**
     * The consistency test: inserts, updates and deletes run against the source during the whole
     * parallel load, then CDC from the slot the load created follows it. Applied strictly — the
     * load's rows inserted, a created row that must be new, an updated or deleted one that must be
     * there — the topic holds every change once, none missing, and ends as the source is, row for
     * row.
     */
    /** How the load is handed over in the consistency test. */
    enum HandOver {
        /** This connector loads; the DMS source then captures from the slot it made. */
        TWO_CONNECTORS,
        /** One DMS source config: Ferry's parallel load, then Debezium's CDC from the slot. */
        DMS_SOURCE,
        /**
         * As DMS_SOURCE, with the snapshot's holder and the readers' connections cut part way: the
         * rest of the load reads a later snapshot, CDC brings the changes in between again —
         * applied as a keyed target applies them, the end is the source's.
         */
        DMS_SOURCE_HOLDER_CUT
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(HandOver.class)
    void aLoadHandedOverToCdcIsFollowedByEveryChangeOnceAndEndsAsTheSource(HandOver handOver)
            throws Exception {
        boolean dmsSource = handOver != HandOver.TWO_CONNECTORS;
        // Every change once, none missing; after a cut, changes may come twice (upserts).
        boolean strict = handOver != HandOver.DMS_SOURCE_HOLDER_CUT;
        String table = "handover_" + System.nanoTime();
        int rows = 30_000;
        db.execute(
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, v int, note text)",
                "INSERT INTO "
                        + table
                        + " SELECT g, 0, 'row ' || g FROM generate_series(1, "
                        + rows
                        + ") g");
        String prefix = "ferry_" + table;
        String topic = prefix + ".public." + table;
        Map<String, String> load =
                fullLoad(
                        prefix,
                        table,
                        """
                        {"type": "ranges", "columns": ["id"],
                         "boundaries": [[10000], [20000]]}
                        """);
        load.put("migration.type", "full-load-and-cdc");
        if (dmsSource) {
            // One DMS source config: Ferry's parallel load, then Debezium's CDC from the slot.
            load.put("connector.class", "io.ferry.source.DmsSourceConnector");
        }
        load.put("slot.name", table);
        load.put("publication.name", table);
        load.put("tasks.max", "3");
        load.put("commit.rate", "100");
        // Changes from before the connector starts until every segment is announced as loaded.
        java.util.concurrent.atomic.AtomicBoolean loading =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger changed =
                new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> changes =
                java.util.concurrent.CompletableFuture.runAsync(
                        () -> change(table, rows, loading, changed));
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> changed.get() > 0, DEADLINE_MS, "changes run");
        connect.configureConnector("ferry-" + table, load);
        if (handOver == HandOver.DMS_SOURCE_HOLDER_CUT) {
            connect.kafka().consume(1_000, DEADLINE_MS, topic);
            // The holder and the readers: each reader then imports the snapshot again.
            List<String> cut =
                    db.rows(
                            "SELECT application_name || ' ' || pg_terminate_backend(pid) FROM"
                                    + " pg_stat_activity WHERE application_name LIKE"
                                    + " '%ferry-full-load%'");
            assertTrue(cut.contains("ferry-full-load-snapshot true"), "the holder was cut: " + cut);
            assertTrue(cut.size() > 1, "readers were cut: " + cut);
        }
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> values("__debezium-heartbeat." + prefix).size() >= 4,
                DEADLINE_MS,
                "the four segments are stored as loaded");
        loading.set(false);
        changes.get();
        // Once loaded, no snapshot of the load's is held: it would hold back vacuum.
        org.apache.kafka.test.TestUtils.waitForCondition(
                () ->
                        db.rows(
                                        "SELECT count(*) FROM pg_stat_activity WHERE"
                                                + " application_name LIKE '%ferry-full-load%'"
                                                + " AND backend_xmin IS NOT NULL")
                                .equals(List.of("0")),
                DEADLINE_MS,
                "the load's snapshot is let go");
        int before = changed.get();
        db.execute("INSERT INTO " + table + " VALUES (0, 0, 'last')");

        if (!dmsSource) {
            // The DMS source captures from the slot the load made.
            Map<String, String> cdc = new HashMap<>(load);
            cdc.put("connector.class", "io.ferry.source.DmsSourceConnector");
            cdc.put("migration.type", "cdc");
            cdc.put("tasks.max", "1");
            cdc.remove("commit.rate");
            connect.configureConnector("cdc-" + table, cdc);
        }
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> values(topic).stream().anyMatch(v -> isRow(v, 0)),
                DEADLINE_MS,
                "the change made after the load arrives through CDC");
        if (!dmsSource) {
            connect.deleteConnector("cdc-" + table);
        }
        connect.deleteConnector("ferry-" + table);

        Map<Long, String> applied = new TreeMap<>();
        int read = 0;
        List<JsonNode> records = values(topic);
        // Its segments load side by side: announced, the table would be emptied by a sink.
        assertTrue(
                records.stream().noneMatch(FullLoadSourceIT::isAnnouncement),
                "a table cut into segments is not announced");
        for (JsonNode value : records) {
            JsonNode payload = value.path("payload");
            String op = payload.path("op").asText();
            if (value.isNull() || payload.isNull() || op.equals("p")) {
                continue;
            }
            JsonNode row = op.equals("d") ? payload.get("before") : payload.get("after");
            long id = row.get("id").asLong();
            String state = row.get("v").asText() + "/" + row.get("note").asText();
            boolean there = applied.containsKey(id);
            switch (op) {
                case "r" -> {
                    assertTrue(!there, "row " + id + " loaded twice");
                    read++;
                    applied.put(id, state);
                }
                case "c" -> {
                    assertTrue(
                            !strict || !there,
                            "row " + id + " created by CDC and loaded: an overlap");
                    applied.put(id, state);
                }
                case "u" -> {
                    assertTrue(
                            !strict || there,
                            "row " + id + " updated by CDC and never loaded: a gap");
                    applied.put(id, state);
                }
                case "d" -> {
                    assertTrue(
                            !strict || there,
                            "row " + id + " deleted by CDC and never loaded: a gap");
                    applied.remove(id);
                }
                default -> throw new AssertionError("unexpected op " + op);
            }
        }
        Map<Long, String> expected = new TreeMap<>();
        for (String line : db.rows("SELECT id || ',' || v || '/' || note FROM " + table)) {
            String[] parts = line.split(",", 2);
            expected.put(Long.parseLong(parts[0]), parts[1]);
        }
        assertTrue(read > 0 && read < rows + before, "the load read " + read + " rows");
        assertEquals(expected.size(), applied.size(), "rows in the source and applied");
        assertEquals(expected, applied, "the topic applied ends as the source is");
    }

    /**
     * The slot dropped mid-load: CDC from another slot would miss the changes since its point, so
     * the connector fails, naming the slot, rather than go on.
     */
    @Test
    void aLoadWhoseSlotIsDroppedFailsRatherThanLeaveAGap() throws Exception {
        String table = "slotless_" + System.nanoTime();
        db.execute(
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text)",
                "INSERT INTO "
                        + table
                        + " SELECT g, 'row ' || g FROM generate_series(1, 200000) g");
        Map<String, String> config = fullLoad("ferry_" + table, table, "");
        config.put("migration.type", "full-load-and-cdc");
        config.put("slot.name", table);
        config.put("publication.name", table);
        config.put("commit.rate", "20");
        String name = "ferry-" + table;
        connect.configureConnector(name, config);
        connect.kafka().consume(100, DEADLINE_MS, "ferry_" + table + ".public." + table);
        db.execute("SELECT pg_drop_replication_slot('" + table + "')");
        assertEquals(
                List.of("0"),
                db.rows(
                        "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                                + table
                                + "'"),
                "the slot is dropped");
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> "FAILED".equals(connect.connectorStatus(name).connector().state()),
                DEADLINE_MS,
                "the connector fails");
        String trace = connect.connectorStatus(name).connector().trace();
        connect.deleteConnector(name);
        assertTrue(trace.contains("replication slot " + table + ", which is gone"), trace);
    }

    /** Deletes, inserts (new keys and deleted ones again) and updates, until told to stop. */
    private void change(
            String table,
            int rows,
            java.util.concurrent.atomic.AtomicBoolean loading,
            java.util.concurrent.atomic.AtomicInteger changed) {
        java.util.Random random = new java.util.Random(7);
        long next = rows + 1;
        try (java.sql.Connection source = db.connect();
                java.sql.Statement statement = source.createStatement()) {
            while (loading.get()) {
                long id = 1 + random.nextInt(rows);
                switch (random.nextInt(4)) {
                    case 0 -> statement.execute("DELETE FROM " + table + " WHERE id = " + id);
                    case 1 ->
                            statement.execute(
                                    "INSERT INTO "
                                            + table
                                            + " VALUES ("
                                            + id
                                            + ", -1, 'again') ON CONFLICT DO NOTHING");
                    case 2 ->
                            statement.execute(
                                    "INSERT INTO " + table + " VALUES (" + next++ + ", 1, 'new')");
                    default ->
                            statement.execute(
                                    "UPDATE " + table + " SET v = v + 1 WHERE id = " + id);
                }
                changed.incrementAndGet();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRow(JsonNode value, long id) {
        JsonNode after = value.path("payload").path("after");
        return after.isObject() && after.path("id").asLong() == id;
    }

    private void waitForAnnouncement(String topic) throws InterruptedException {
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> values(topic).stream().anyMatch(FullLoadSourceIT::isAnnouncement),
                DEADLINE_MS,
                "an announcement on " + topic);
    }

    /**
     * A table of many column types, 40 rows of values and one of NULLs, and its Debezium source.
     */
    private Map<String, String> parityTable(LocalDatabase db, String table) {
        Map<String, String> debezium = connection(db);
        debezium.put("topic.prefix", "dbz_" + table);
        debezium.put("snapshot.mode", "initial_only");
        if (db.engine() == LocalDatabase.Engine.POSTGRES) {
            db.execute(
                    "CREATE TABLE "
                            + table
                            + " (id bigint PRIMARY KEY, i int, s smallint, n numeric(12,3), nf"
                            + " numeric, r real, d double precision, b boolean, v varchar(20), c"
                            + " char(3), tx text, dt date, ts timestamp(3), tstz timestamptz, tm"
                            + " time, u uuid, j jsonb, js json, bin bytea, iv interval, arr int[],"
                            + " req text NOT NULL DEFAULT 'x')",
                    "INSERT INTO "
                            + table
                            + " SELECT g, g * 7, g % 100, g * 1.125, g / 3.0, g / 4.0, g / 8.0, g"
                            + " % 2 = 0, 'v' || g, 'c' || (g % 10), repeat('t', g), DATE"
                            + " '2024-02-29' + g, TIMESTAMP '2024-01-01 10:00:00.123' + g *"
                            + " INTERVAL '1 hour', TIMESTAMPTZ '2024-01-01 10:00:00+02' + g *"
                            + " INTERVAL '1 minute', TIME '12:34:56' + g * INTERVAL '1 second',"
                            + " md5(g::text)::uuid, jsonb_build_object('k', g), json_build_array(g,"
                            + " 'x'), decode(md5(g::text), 'hex'), g * INTERVAL '1 day', ARRAY[g, g"
                            + " + 1], 'req' || g FROM generate_series(1, 40) g",
                    "INSERT INTO " + table + " (id) VALUES (41)");
            debezium.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            debezium.put("table.include.list", "public." + table);
            debezium.put("plugin.name", "pgoutput");
            debezium.put("slot.name", "dbz_" + table);
            debezium.put("slot.drop.on.stop", "true");
            debezium.put("publication.name", "dbz_" + table);
            debezium.put("publication.autocreate.mode", "filtered");
        } else {
            db.execute(
                    "CREATE TABLE "
                            + table
                            + " (id bigint PRIMARY KEY, i int, u bigint unsigned, mi mediumint, ti"
                            + " tinyint, b tinyint(1), n decimal(12,3), f float, d double, v"
                            + " varchar(20), c char(3), tx text, dt date, dtm datetime(3), ts"
                            + " timestamp(6) NULL, tm time, y year, e enum('a','b','c'), st"
                            + " set('x','y'), j json, bl blob, bt bit(5), req varchar(5) NOT NULL"
                            + " DEFAULT 'x')");
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int g = 1; g <= 40; g++) {
                insert.append(g == 1 ? "" : ", ")
                        .append(
                                ("(%d, %d, 18446744073709551615 - %d, -%d, %d, %d, %d * 1.125, %d"
                                                + " / 4.0, %d / 8.0, 'v%d', 'c%d', REPEAT('t', %d),"
                                                + " DATE '2024-02-29' + INTERVAL %d DAY, TIMESTAMP"
                                                + " '2024-01-01 10:00:00.123' + INTERVAL %d HOUR,"
                                                + " TIMESTAMP '2024-01-01 10:00:00.123456' + INTERVAL"
                                                + " %d MINUTE, TIME '12:34:56' + INTERVAL %d SECOND,"
                                                + " 2000 + %d, ELT(%d %% 3 + 1, 'a', 'b', 'c'),"
                                                + " 'x,y', JSON_OBJECT('k', %d), UNHEX(MD5(%d)), %d"
                                                + " %% 32, 'r%d')")
                                        .formatted(
                                                g, g * 7, g, g, g % 100, g % 2, g, g, g, g, g % 10,
                                                g, g, g, g, g, g, g, g, g, g, g));
            }
            db.execute(insert.toString(), "INSERT INTO " + table + " (id) VALUES (41)");
            debezium.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
            debezium.put("database.server.id", Long.toString(6000 + System.nanoTime() % 1000));
            debezium.put("database.include.list", LocalDatabase.DATABASE);
            debezium.put("table.include.list", LocalDatabase.DATABASE + "." + table);
            debezium.put(
                    "schema.history.internal.kafka.bootstrap.servers",
                    connect.kafka().bootstrapServers());
            debezium.put("schema.history.internal.kafka.topic", "schema-history.dbz_" + table);
        }
        return debezium;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void rowsAreTheEventsDebeziumsSnapshotSends(String engine) throws Exception {
        LocalDatabase db =
                engine.equals("postgres") ? LocalServers.postgres() : LocalServers.mariadb();
        String table = "parity_" + System.nanoTime();
        String topic = "." + schema(db) + "." + table;
        connect.configureConnector("dbz-" + table, parityTable(db, table));
        connect.configureConnector("ferry-" + table, fullLoad(db, "ferry_" + table, table, "", ""));

        Map<String, JsonNode> theirs = readOnce("dbz_" + table + topic, 41);
        Map<String, JsonNode> ours = readOnce("ferry_" + table + topic, 41);
        connect.deleteConnector("dbz-" + table);
        connect.deleteConnector("ferry-" + table);
        assertEquals(theirs.keySet(), ours.keySet());
        for (String key : theirs.keySet()) {
            JsonNode their = theirs.get(key);
            JsonNode our = ours.get(key);
            assertEquals(
                    their.get("schema").toString().replace("dbz_" + table, "ferry_" + table),
                    our.get("schema").toString(),
                    "the envelope's schema");
            JsonNode theirPayload = their.get("payload");
            JsonNode ourPayload = our.get("payload");
            assertEquals(theirPayload.get("after"), ourPayload.get("after"), "row " + key);
            assertEquals("r", ourPayload.get("op").asText());
            assertTrue(ourPayload.get("before").isNull());
            for (String field : List.of("connector", "db", "schema", "table", "version")) {
                assertEquals(
                        theirPayload.get("source").get(field),
                        ourPayload.get("source").get(field),
                        "source." + field);
            }
            assertEquals("ferry_" + table, ourPayload.get("source").get("name").asText());
        }
    }

    @Test
    void sourceFiltersKeepTheRowsTheyPassAsDmsReadsThem() throws Exception {
        String table = "filtered_" + System.nanoTime();
        db.execute(
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, amount int)",
                "INSERT INTO "
                        + table
                        + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE g % 100 END FROM"
                        + " generate_series(1, 300) g");
        Map<String, String> config =
                fullLoad(
                        "ferry_" + table,
                        table,
                        """
                        {"type": "ranges", "columns": ["amount"], "boundaries": [[30]]}
                        """,
                        """
                        [{"filter-type": "source", "column-name": "amount",
                          "filter-conditions": [{"filter-operator": "between",
                            "start-value": "20", "end-value": "60"}]}]
                        """);
        config.put("commit.rate", "16");
        connect.configureConnector("ferry-" + table, config);
        List<Long> expected =
                java.util.stream.LongStream.rangeClosed(1, 300)
                        .filter(g -> g % 7 != 0 && g % 100 >= 20 && g % 100 <= 60)
                        .boxed()
                        .toList();
        Map<String, JsonNode> loaded =
                readOnce("ferry_" + table + ".public." + table, expected.size());
        connect.deleteConnector("ferry-" + table);
        assertEquals(
                expected.stream().map(id -> "{\"id\":" + id + "}").sorted().toList(),
                List.copyOf(loaded.keySet()));
    }

    /**
     * Partitions reorganized while their table loads move rows between partitions, some read and
     * some not: the task fails before it stores a segment as loaded, and a restarted connector
     * loads the table again under its new layout — no row is missed.
     */
    @Test
    void aMariaDbTableWhosePartitionsChangeMidLoadFailsThenLoadsAgainWithNoRowMissed()
            throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        String table = "reorg_" + System.nanoTime();
        int rows = 20_000;
        mariadb.execute(
                "CREATE TABLE "
                        + table
                        + " (id bigint NOT NULL PRIMARY KEY, note varchar(40)) PARTITION BY RANGE"
                        + " (id) (PARTITION p0 VALUES LESS THAN (10000), PARTITION pmax VALUES"
                        + " LESS THAN MAXVALUE)",
                "INSERT INTO " + table + " SELECT seq, CONCAT('row ', seq) FROM seq_1_to_" + rows);
        Map<String, String> config =
                fullLoad(mariadb, "ferry_" + table, table, "{\"type\": \"partitions-auto\"}", "");
        config.put("commit.rate", "10");
        String name = "ferry-" + table;
        String topic = "ferry_" + table + "." + LocalDatabase.DATABASE + "." + table;
        connect.configureConnector(name, config);
        connect.kafka().consume(500, DEADLINE_MS, topic);
        // p0 is being read; its upper rows move into pmax, which is not read yet.
        mariadb.execute(
                "ALTER TABLE "
                        + table
                        + " REORGANIZE PARTITION p0, pmax INTO (PARTITION p0 VALUES LESS THAN"
                        + " (5000), PARTITION pmax VALUES LESS THAN MAXVALUE)");
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> "FAILED".equals(connect.connectorStatus(name).tasks().get(0).state()),
                DEADLINE_MS,
                "the task fails once its segment ends under another layout");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        assertTrue(trace.contains("changed while its partition p0"), trace);

        connect.restartConnectorAndTasks(name, false, true, false);
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> {
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    for (ConsumerRecord<byte[], byte[]> record :
                            connect.kafka()
                                    .consumeAll(
                                            DEADLINE_MS,
                                            null,
                                            Map.of("isolation.level", "read_committed"),
                                            topic)) {
                        ids.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return ids.size() == rows;
                },
                DEADLINE_MS,
                "every row arrives after the restart");
        connect.deleteConnector(name);
    }

    /**
     * The DMS source given a MariaDB full load cut by partitions, with a selected table it cannot
     * page (no primary key, as partitioned tables often are): Debezium's snapshot loads every table
     * instead, and says why — no table is left unloaded.
     */
    @Test
    void theDmsSourceLoadsWithDebeziumWhenATableCannotBePaged() throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        String tables = "keyless_" + System.nanoTime();
        mariadb.execute(
                "CREATE TABLE "
                        + tables
                        + "_a (id bigint NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 3",
                "INSERT INTO " + tables + "_a SELECT seq FROM seq_1_to_40",
                "CREATE TABLE " + tables + "_b (id bigint, note varchar(10))",
                "INSERT INTO " + tables + "_b SELECT seq, 'b' FROM seq_1_to_25");
        Map<String, String> config = connection(mariadb);
        config.put("connector.class", "io.ferry.source.DmsSourceConnector");
        config.put("source.engine", "mariadb");
        config.put("migration.type", "full-load");
        config.put("tasks.max", "2");
        config.put("topic.prefix", "ferry_" + tables);
        config.put("database.server.id", Long.toString(7000 + System.nanoTime() % 1000));
        config.put(
                "schema.history.internal.kafka.bootstrap.servers",
                connect.kafka().bootstrapServers());
        config.put("schema.history.internal.kafka.topic", "schema-history.ferry_" + tables);
        config.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "%s", "table-name": "%s_%%"},
                   "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                   "object-locator": {"schema-name": "%s", "table-name": "%s_a"},
                   "parallel-load": {"type": "partitions-auto"}}
                ]}
                """
                        .formatted(LocalDatabase.DATABASE, tables, LocalDatabase.DATABASE, tables));
        String name = "ferry-" + tables;
        connect.configureConnector(name, config);
        String prefix = "ferry_" + tables + "." + LocalDatabase.DATABASE + "." + tables;
        Map<String, JsonNode> a = readOnce(prefix + "_a", 40);
        connect.kafka().consume(25, DEADLINE_MS, prefix + "_b");
        connect.deleteConnector(name);
        assertEquals(40, a.size());
        List<JsonNode> b = values(prefix + "_b");
        assertEquals(
                25,
                b.stream().filter(v -> "r".equals(v.path("payload").path("op").asText())).count());
        // Debezium's snapshot marks its last row; Ferry's load marks every row "true".
        assertTrue(
                b.stream()
                        .anyMatch(
                                v ->
                                        "last_in_data_collection"
                                                        .equals(
                                                                v.path("payload")
                                                                        .path("source")
                                                                        .path("snapshot")
                                                                        .asText())
                                                || "last"
                                                        .equals(
                                                                v.path("payload")
                                                                        .path("source")
                                                                        .path("snapshot")
                                                                        .asText())),
                "loaded by Debezium's snapshot");
    }

    /**
     * A table cut into ranges is not announced (its segments load side by side, and an announcement
     * after rows would empty it at the sinks) — but one that is empty when the load starts is read
     * whole and announced, so it arrives. The decision holds across a restart: rows inserted later
     * do not make it load again.
     */
    @Test
    void anEmptyTableCutIntoRangesIsAnnouncedOnceAndKeepsThatPlan() throws Exception {
        String tables = "empty_cut_" + System.nanoTime();
        db.execute("CREATE TABLE " + tables + "_a (id bigint PRIMARY KEY, note text)");
        String prefix = "ferry_" + tables;
        String name = "ferry-" + tables;
        String topic = prefix + ".public." + tables + "_a";
        Map<String, String> config = fullLoad(prefix, tables + "_%", "");
        config.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "public", "table-name": "%s_%%"},
                   "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                   "object-locator": {"schema-name": "public", "table-name": "%s_a"},
                   "parallel-load": {"type": "ranges", "columns": ["id"],
                     "boundaries": [[10], [20]]}}
                ]}
                """
                        .formatted(tables, tables));
        connect.configureConnector(name, config);
        waitForAnnouncement(topic);
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> !values("__debezium-heartbeat." + prefix).isEmpty(),
                DEADLINE_MS,
                "the table's end is stored");

        db.execute(
                "INSERT INTO " + tables + "_a SELECT g, 'late' FROM generate_series(1, 30) g",
                "CREATE TABLE " + tables + "_z (id bigint PRIMARY KEY)");
        connect.restartConnectorAndTasks(name, false, true, false);
        // One task reads the segments in turn: once z is announced, a was passed over.
        waitForAnnouncement(prefix + ".public." + tables + "_z");
        List<String> named =
                connect.connectorOffsets(name).offsets().stream()
                        .map(offset -> String.valueOf(offset.partition().get("segment")))
                        .sorted()
                        .toList();
        connect.deleteConnector(name);
        assertEquals(2, named.size(), named.toString());
        assertEquals("whole table", named.get(0), "table z");
        assertTrue(
                named.get(1).matches("whole table, empty when planned instead of cut [0-9a-f]{12}"),
                named.toString());
        List<JsonNode> sent = values(topic);
        assertEquals(1, sent.size(), "the announcement only, and no row loaded after: " + sent);
        assertTrue(isAnnouncement(sent.get(0)));
    }

    /**
     * DMS's {@code partitions-auto} and {@code partitions-list} on a MariaDB table (the seeds'
     * MySQL walkthrough cuts its tables so): a segment per partition read with {@code PARTITION
     * (...)} — subpartitions with their partition — and, for a list, the partitions it leaves out
     * as one more segment, so every row arrives once. The segments are what the offsets name.
     */
    @ParameterizedTest
    @ValueSource(strings = {"partitions-auto", "partitions-list"})
    void aMariaDbTableCutByItsPartitionsArrivesWholeOnce(String type) throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        String table = "parts_" + type.replace('-', '_') + "_" + System.nanoTime();
        int rows = 5_000;
        mariadb.execute(
                "CREATE TABLE "
                        + table
                        + " (id bigint NOT NULL, region varchar(8), note varchar(40), PRIMARY"
                        + " KEY (id)) PARTITION BY RANGE (id) SUBPARTITION BY HASH (id)"
                        + " SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (1000), PARTITION"
                        + " P1 VALUES LESS THAN (2500), PARTITION empty VALUES LESS THAN (2600),"
                        + " PARTITION pmax VALUES LESS THAN MAXVALUE)",
                "INSERT INTO "
                        + table
                        + " SELECT seq, ELT(seq % 3 + 1, 'east', 'west', NULL), CONCAT('row ',"
                        + " seq) FROM seq_1_to_"
                        + rows
                        + " WHERE seq NOT BETWEEN 2500 AND 2599");
        String load =
                type.equals("partitions-auto")
                        ? "{\"type\": \"partitions-auto\"}"
                        : "{\"type\": \"partitions-list\", \"partitions\": [\"p1\", \"pmax\"]}";
        Map<String, String> config = fullLoad(mariadb, "ferry_" + table, table, load, "");
        config.put("tasks.max", "3");
        config.put("commit.rate", "300");
        if (type.equals("partitions-list")) {
            // The DMS source's full load is this load, with its per-table metrics.
            config.put("connector.class", "io.ferry.source.DmsSourceConnector");
            config.put("migration.type", "full-load");
            config.put("database.server.id", Long.toString(8000 + System.nanoTime() % 1000));
            config.put(
                    "schema.history.internal.kafka.bootstrap.servers",
                    connect.kafka().bootstrapServers());
            config.put("schema.history.internal.kafka.topic", "schema-history.ferry_" + table);
        }
        String name = "ferry-" + table;
        String prefix = "ferry_" + table;
        connect.configureConnector(name, config);
        Map<String, JsonNode> loaded =
                readOnce(prefix + "." + LocalDatabase.DATABASE + "." + table, rows - 100);
        List<String> expected =
                java.util.stream.IntStream.rangeClosed(1, rows)
                        .filter(id -> id < 2500 || id > 2599)
                        .mapToObj(id -> "{\"id\":" + id + "}")
                        .sorted()
                        .toList();
        assertEquals(expected, List.copyOf(loaded.keySet()));
        JsonNode row = loaded.get("{\"id\":2501}");
        assertTrue(row == null, "no row in the empty partition");
        assertEquals(
                "row 4000",
                loaded.get("{\"id\":4000}").get("payload").get("after").get("note").asText());
        List<String> segments =
                type.equals("partitions-auto")
                        ? List.of(
                                "partition P1", "partition empty", "partition p0", "partition pmax")
                        : List.of(
                                "partition P1",
                                "partition pmax",
                                "partitions not listed: p0, empty");
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> values("__debezium-heartbeat." + prefix).size() >= segments.size(),
                DEADLINE_MS,
                "every segment's end is stored");
        if (type.equals("partitions-list")) {
            // Each task counts the rows of its segments once Kafka has them; the table is
            // completed in every task that read it, as ferry status and ferry run show it.
            org.apache.kafka.test.TestUtils.waitForCondition(
                    () ->
                            tableMetrics(name, table, "table-state").stream()
                                    .allMatch("Table completed"::equals),
                    DEADLINE_MS,
                    () ->
                            "the table is not completed: "
                                    + tableMetrics(name, table, "table-state"));
            assertEquals(
                    rows - 100L,
                    tableMetrics(name, table, "full-load-rows").stream()
                            .mapToLong(n -> ((Number) n).longValue())
                            .sum(),
                    "the tasks' full-load-rows");
        }
        List<String> named =
                connect.connectorOffsets(name).offsets().stream()
                        .map(offset -> String.valueOf(offset.partition().get("segment")))
                        .sorted()
                        .toList();
        connect.deleteConnector(name);
        // Each named with the table's one layout.
        assertEquals(
                1,
                named.stream().map(n -> n.replaceAll(".*\\(layout ", "")).distinct().count(),
                named.toString());
        assertEquals(
                segments.stream().sorted().toList(),
                named.stream().map(n -> n.replaceAll(" \\(layout [0-9a-f]{12}\\)$", "")).toList());
        assertEquals(
                segments.size(),
                values("__debezium-heartbeat." + prefix).size(),
                "each segment's end is stored once");
    }

    /**
     * MariaDB compares an ENUM key as text but orders it by position: paging by it would lose rows,
     * so the connector refuses the table when it starts, naming the column and its type.
     */
    @Test
    void aMariaDbKeyThatCannotBePagedIsRefusedWhenTheConnectorStarts() throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        String table = "enum_" + System.nanoTime();
        mariadb.execute(
                "CREATE TABLE " + table + " (k enum('c', 'b', 'a') PRIMARY KEY, v int)",
                "INSERT INTO " + table + " VALUES ('c', 1), ('b', 2), ('a', 3)");
        String name = "ferry-" + table;
        connect.configureConnector(name, fullLoad(mariadb, "ferry_" + table, table, "", ""));
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> {
                    try {
                        return "FAILED".equals(connect.connectorStatus(name).connector().state());
                    } catch (RuntimeException e) {
                        return false; // not created yet
                    }
                },
                DEADLINE_MS,
                "the connector fails");
        String trace = connect.connectorStatus(name).connector().trace();
        connect.deleteConnector(name);
        assertTrue(trace.contains("key column k is ENUM"), trace);
    }

    @Test
    void aLoadWhoseConnectionsAreCutGoesOnWithEveryRowOnce() throws Exception {
        String table = "cut_" + System.nanoTime();
        int rows = 20_000;
        db.execute(
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text)",
                "INSERT INTO "
                        + table
                        + " SELECT g, 'row ' || g FROM generate_series(1, "
                        + rows
                        + ") g");
        Map<String, String> config = fullLoad("ferry_" + table, table, "");
        config.put("commit.rate", "50");
        String topic = "ferry_" + table + ".public." + table;
        connect.configureConnector("ferry-" + table, config);
        connect.kafka().consume(1_000, DEADLINE_MS, topic);
        List<String> cut =
                db.rows(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE"
                                + " application_name LIKE '%ferry-full-load%'");
        assertTrue(cut.contains("t"), "the load's connection was cut: " + cut);

        Map<String, JsonNode> loaded = readOnce(topic, rows);
        assertEquals(
                "RUNNING",
                connect.connectorStatus("ferry-" + table).tasks().get(0).state(),
                "the task outlived the cut");
        connect.deleteConnector("ferry-" + table);
        assertEquals(rows, loaded.size());
    }

    @Test
    void aLoadWhoseWorkerStopsHalfWayHasEveryRowOnce() throws Exception {
        String table = "segments_" + System.nanoTime();
        int rows = 60_000;
        db.execute(
                "CREATE TABLE "
                        + table
                        + " (id bigint PRIMARY KEY, region varchar(10), amount int, note text)",
                "INSERT INTO "
                        + table
                        + " SELECT g, (ARRAY['east', 'north', 'south', 'west', NULL])[g % 5 + 1],"
                        + " CASE WHEN g % 11 = 0 THEN NULL ELSE g * 37 % 100 END, 'row ' || g"
                        + " FROM generate_series(1, "
                        + rows
                        + ") g");
        Map<String, String> config =
                fullLoad(
                        "ferry_" + table,
                        table,
                        """
                        {"type": "ranges", "columns": ["region", "amount"],
                         "boundaries": [["north", 50], ["south", 20], ["west", 0]]}
                        """);
        config.put("tasks.max", "3");
        config.put("commit.rate", "100");
        String topic = "ferry_" + table + ".public." + table;
        connect.configureConnector("ferry-" + table, config);
        connect.assertions()
                .assertConnectorAndExactlyNumTasksAreRunning(
                        "ferry-" + table, 3, "three tasks read the five segments");

        // Some rows are in: stop a worker that runs one of the tasks.
        connect.kafka().consume(5_000, DEADLINE_MS, topic);
        String host = connect.connectorStatus("ferry-" + table).tasks().get(0).workerId();
        WorkerHandle victim =
                connect.workers().stream()
                        .filter(w -> w.url().toString().contains(host))
                        .findFirst()
                        .orElseThrow();
        connect.removeWorker(victim);
        // Connect forwards the fencing of a source's zombies to the leader: when the stopped
        // worker led, the forward can fail and a task with it (Connect's race, not the load's).
        // An operator restarts such a task; the guarantee is what follows.
        String name = "ferry-" + table;
        org.apache.kafka.test.TestUtils.waitForCondition(
                () -> {
                    var tasks = connect.connectorStatus(name).tasks();
                    boolean fenceFailed = false;
                    for (var task : tasks) {
                        if ("FAILED".equals(task.state())) {
                            assertTrue(task.trace().contains("forward REST request"), task.trace());
                            fenceFailed = true;
                        }
                    }
                    if (fenceFailed) {
                        connect.restartConnectorAndTasks(name, true, true, false);
                        return false;
                    }
                    return tasks.size() == 3
                            && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
                },
                DEADLINE_MS,
                "the tasks run again on the other workers");

        Map<String, JsonNode> loaded = readOnce(topic, rows);
        connect.deleteConnector("ferry-" + table);
        assertEquals(rows, loaded.size());
        for (long id = 1; id <= rows; id++) {
            JsonNode after = loaded.get("{\"id\":" + id + "}").get("payload").get("after");
            assertEquals(
                    "row " + id, after.get("note").asText(), "row " + id + " as the source has it");
        }
    }
}
