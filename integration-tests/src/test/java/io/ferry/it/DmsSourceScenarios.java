package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ferry's DMS-style source (from its plugin archive, Debezium inside) against a real database in
 * the embedded Connect cluster, once per migration type. A workload writes to the source
 * throughout; every change event is checked against the one before it ({@link ChangeLedger}), so a
 * lost or a repeated change fails, and the end state must equal the source table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DmsSourceScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    EmbeddedConnectCluster connect;

    abstract LocalDatabase db();

    abstract String engine();

    /** Debezium's connection settings for a connector named {@code name}. */
    abstract Map<String, String> connection(String name);

    /** An empty schema (PostgreSQL) or database (MariaDB) of that name. */
    abstract void createSchema(String schema);

    /**
     * A native dump of {@code schema.counters} taken while the workload runs, restored into the
     * {@code target} schema/database; returns the start settings for the position the dump reports.
     */
    abstract Map<String, String> dumpAndRestore(String name, String schema, String target)
            throws Exception;

    /** The rows of {@code schema.counters} as restored into {@code target}. */
    abstract Map<Integer, Integer> restored(String target, String schema);

    /** Whether Debezium emits schema change events for this engine (binlog: yes; PG: no). */
    abstract boolean reportsDdl();

    /** Whether a replication slot or binlog reader of the connector is still there. */
    abstract boolean captureLeftBehind(String name);

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(Converters.JSON.workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("dms-source-" + engine(), 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void fullLoadOnlyStopsCapturingOnceLoaded() throws Exception {
        String name = engine() + "_fl";
        seed(name, 500);
        connect.configureConnector(name, config(name, "full-load", name));
        converge(name, name, Map.of());
        awaitState(name, "FULL_LOAD_COMPLETE");
        TestUtils.waitForCondition(
                () -> !captureLeftBehind(name),
                DEADLINE.toMillis(),
                "the full load left its slot or binlog reader behind");
        assertNoTopic(name + "." + name + ".secret");
        connect.deleteConnector(name);
    }

    /**
     * {@code CAPTURING} tells whoever waits for the load ({@code ferry run --exit-when-caught-up},
     * which then compares the sinks' lag) that every row is in Kafka. Debezium finishes its
     * snapshot while thousands of rows still wait in its queue: a deep queue drained in small
     * batches keeps them there for a while.
     */
    @Test
    void aLoadIsOverOnlyOnceEveryRowIsInKafka() throws Exception {
        String name = engine() + "_drain";
        int rows = 20_000;
        seed(name, rows);
        Map<String, String> config = config(name, "full-load-and-cdc", name);
        config.put("max.queue.size", "40000");
        config.put("max.batch.size", "20");
        connect.configureConnector(name, config);
        awaitState(name, "CAPTURING");
        String topic = name + "." + name + ".counters";
        try (Admin admin = connect.kafka().createAdminClient()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long written =
                    admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                            .partitionResult(partition)
                            .get(30, TimeUnit.SECONDS)
                            .offset();
            assertTrue(
                    written >= rows, "loaded, with " + written + " of " + rows + " rows in Kafka");
        }
        connect.deleteConnector(name);
    }

    /**
     * Issue 16, item 15: a character column of a declared length arrives in the SQL targets as
     * {@code varchar(n)}, as DMS creates it (so it can be indexed), not as unbounded text; widened
     * at the source, it is widened in the targets before the first longer value.
     */
    @Test
    void characterColumnsKeepTheirLengthAndWidenWithTheSource() throws Exception {
        String name = engine() + "_lengths";
        createSchema(name);
        String table = name + ".people";
        db().execute(
                        "CREATE TABLE "
                                + table
                                + " (id INT PRIMARY KEY, code CHAR(3), name VARCHAR(20), note TEXT)",
                        "INSERT INTO " + table + " VALUES (1, 'abc', 'Zoë', 'a note')");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        connect.configureConnector(name, source);
        String topic = name + "." + name + ".people";
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                DEADLINE.toMillis(),
                "no topic " + topic); // before the sinks, which subscribe by pattern
        List<String> columns = List.of("id", "code", "name", "note");
        String longer = "é".repeat(20) + "z".repeat(20); // 40 characters, 60 bytes
        try (EveryTarget targets = new EveryTarget(connect, name, source.get("table.mappings"))) {
            targets.await(name, "people", columns, List.of("1|abc|Zoë|a note"));
            assertEquals(
                    Map.of(
                            "postgres",
                            List.of(
                                    "id integer",
                                    "code character varying(3)",
                                    "name character varying(20)",
                                    "note text"),
                            "mariadb",
                            List.of(
                                    "id int(11)",
                                    "code varchar(3)",
                                    "name varchar(20)",
                                    "note longtext")),
                    targets.columnTypes("people"));
            db().execute(
                            engine().equals("postgres")
                                    ? "ALTER TABLE " + table + " ALTER COLUMN name TYPE VARCHAR(40)"
                                    : "ALTER TABLE " + table + " MODIFY name VARCHAR(40)",
                            "INSERT INTO " + table + " VALUES (2, 'xyz', '" + longer + "', 'n2')");
            targets.await(
                    name,
                    "people",
                    columns,
                    List.of("1|abc|Zoë|a note", "2|xyz|" + longer + "|n2"));
            Map<String, List<String>> widened = targets.columnTypes("people");
            assertTrue(
                    widened.get("postgres").contains("name character varying(40)"),
                    widened.toString());
            assertTrue(widened.get("mariadb").contains("name varchar(40)"), widened.toString());
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * Issue 16, item 8: a selection's source filters narrow the full load's SELECT, as DMS reads
     * only the rows they pass — here without the table-mapping SMT, so what reaches Kafka is what
     * the source read. The number comparison on {@code id} is pushed (500 of 1,000 rows read); the
     * NULL test on the text column {@code note} is left to the SMT (it may not see a text column: a
     * LOB left out), so the rows whose note is NULL are still read.
     */
    @Test
    void sourceFiltersNarrowWhatTheFullLoadReads() throws Exception {
        String name = engine() + "_pushed";
        seed(name, 1000);
        db().execute("UPDATE " + name + ".counters SET note = NULL WHERE id >= 900");
        Map<String, String> config = config(name, "full-load", name);
        config.remove("transforms");
        config.remove("transforms.dms.type");
        config.remove("transforms.dms.table.mappings");
        config.put(
                "table.mappings",
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1',"
                                + "'object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'counters'},'rule-action':'include',"
                                + "'filters':[{'filter-type':'source','column-name':'id',"
                                + "'filter-conditions':[{'filter-operator':'gte','value':'500'}]},"
                                + "{'filter-type':'source','column-name':'note',"
                                + "'filter-conditions':[{'filter-operator':'notnull'}]}]}]}")
                        .replace('\'', '"'));
        connect.configureConnector(name, config);
        awaitState(name, "FULL_LOAD_COMPLETE");
        java.util.SortedSet<Integer> read = new java.util.TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record :
                connect.kafka().consumeAll(30_000, name + "." + name + ".counters")) {
            JsonNode value = parse(record.value());
            JsonNode event = value != null && value.has("payload") ? value.get("payload") : value;
            if (event != null && "r".equals(event.path("op").asText())) {
                read.add(event.path("after").path("id").asInt());
            }
        }
        assertEquals(500, read.size(), "rows read: " + read.size());
        assertEquals(500, read.first());
        assertEquals(999, read.last());
        connect.deleteConnector(name);
    }

    @Test
    void fullLoadAndCdcDeliversChangesMadeDuringAndAfterTheLoad() throws Exception {
        String name = engine() + "_flc";
        seed(name, 3000);
        try (CounterWorkload workload = new CounterWorkload(db(), name + ".counters", 3000)) {
            connect.configureConnector(name, config(name, "full-load-and-cdc", name));
            awaitState(name, "CAPTURING");
            awaitWrites(workload, 300);
            db().execute("INSERT INTO " + name + ".secret VALUES (2, 'after')");
        }
        converge(name, name, Map.of());
        assertNoTopic(name + "." + name + ".secret");
        assertEquals("Table completed", tableMetric(name, "table-state"));
        if (reportsDdl()) {
            db().execute("ALTER TABLE " + name + ".counters ADD COLUMN extra INT");
            TestUtils.waitForCondition(
                    () -> tableMetric(name, "ddls") instanceof Number n && n.longValue() == 1,
                    DEADLINE.toMillis(),
                    "the ALTER TABLE was not counted as the table's DDL");
        }
        connect.deleteConnector(name);
    }

    @Test
    void cdcFromANativeDumpNeitherLosesNorRepeatsAChange() throws Exception {
        String name = engine() + "_cdc";
        String target = name + "_target";
        seed(name, 1000);
        Map<String, String> config = config(name, "cdc", name);
        try (CounterWorkload workload = new CounterWorkload(db(), name + ".counters", 1000)) {
            awaitWrites(workload, 200);
            config.putAll(dumpAndRestore(name, name, target));
            connect.configureConnector(name, config);
            awaitState(name, "CAPTURING");
            awaitWrites(workload, 300);
        }
        Map<Integer, Integer> dump = restored(target, name);
        assertTrue(dump.size() >= 1000, "the dump holds the seeded rows: " + dump.size());
        converge(name, name, dump);
        connect.deleteConnector(name);
    }

    /**
     * {@code cdc.stop.position=commit_time:...}: every change committed up to the stop point
     * arrives, in order and once; none committed after it; the task reports reaching it.
     */
    @Test
    void captureStopsAtTheStopPosition() throws Exception {
        String name = engine() + "_stop";
        seed(name, 200);
        // Late enough for the connector to start and load first; the workload runs past it.
        Instant stopAt = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> config = config(name, "full-load-and-cdc", name);
        config.put(
                "cdc.stop.position",
                "commit_time:" + LocalDateTime.ofInstant(stopAt, ZoneOffset.UTC));
        try (CounterWorkload workload = new CounterWorkload(db(), name + ".counters", 200)) {
            connect.configureConnector(name, config);
            awaitState(name, "STOP_POSITION_REACHED");
            assertTrue(Instant.now().isAfter(stopAt), "stopped before the stop point");
        }
        String topic = name + "." + name + ".counters";
        ChangeLedger ledger = new ChangeLedger(Map.of());
        long changes = 0;
        long loaded = 0;
        for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consumeAll(30_000, topic)) {
            JsonNode value = parse(record.value());
            ledger.apply(value);
            JsonNode event =
                    value == null ? null : value.has("payload") ? value.get("payload") : value;
            if (event != null && "p".equals(event.get("op").asText())) {
                continue; // the table's announcement: no change
            }
            if (event != null && "r".equals(event.get("op").asText())) {
                loaded++;
            } else if (event != null) {
                changes++;
                long committed = event.get("source").get("ts_ms").asLong();
                assertTrue(
                        committed <= stopAt.toEpochMilli(),
                        "a change committed at " + Instant.ofEpochMilli(committed) + " passed");
            }
        }
        assertTrue(changes > 0, "no change before the stop point arrived");
        assertEquals(loaded, fullLoadRows(name), "the per-table full-load-rows metric");
        connect.deleteConnector(name);
    }

    /**
     * Issue 16, item 1: a TRUNCATE reaches every target in order with the changes around it — the
     * rows before it are gone (S3: their objects removed, as DMS does), the rows after it stay.
     */
    @Test
    void aTruncateEmptiesEveryTargetInOrder() throws Exception {
        String name = engine() + "_trunc";
        String table = engine() + "_items";
        createSchema(name);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + "."
                                + table
                                + " (id INT PRIMARY KEY, v VARCHAR(20))",
                        "INSERT INTO "
                                + name
                                + "."
                                + table
                                + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        List<String> columns = List.of("id", "v");
        connect.configureConnector(name, source);
        // Sinks subscribe by pattern, which sees a new topic only at a metadata refresh.
        String topic = name + "." + name + "." + table;
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                DEADLINE.toMillis(),
                "no topic " + topic);
        try (EveryTarget targets = new EveryTarget(connect, name, source.get("table.mappings"))) {
            targets.await(name, table, columns, List.of("1|a", "2|b", "3|c"));
            db().execute(
                            "INSERT INTO " + name + "." + table + " VALUES (4, 'd')",
                            "UPDATE " + name + "." + table + " SET v = 'a2' WHERE id = 1",
                            "TRUNCATE TABLE " + name + "." + table,
                            "INSERT INTO " + name + "." + table + " VALUES (5, 'e'), (6, 'f')",
                            "UPDATE " + name + "." + table + " SET v = 'e2' WHERE id = 5");
            targets.await(name, table, columns, List.of("5|e2", "6|f"));
            // A truncate of an emptied table changes nothing more; later rows still arrive.
            db().execute(
                            "TRUNCATE TABLE " + name + "." + table,
                            "INSERT INTO " + name + "." + table + " VALUES (7, 'g')");
            targets.await(name, table, columns, List.of("7|g"));
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * Issue 16, item 4: a selected table without rows is created, with its key, and prepared in the
     * JDBC and DynamoDB targets when the load starts, as DMS does: here DROP_AND_CREATE replaces
     * what the targets held under its name. S3 gets no object for it, as from DMS.
     */
    @Test
    void anEmptyTableIsCreatedAndPreparedWhenTheLoadStarts() throws Exception {
        String name = engine() + "_empty";
        String filled = engine() + "_filled";
        String empty = engine() + "_nothing";
        createSchema(name);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + "."
                                + filled
                                + " (id INT PRIMARY KEY, v VARCHAR(20))",
                        "INSERT INTO " + name + "." + filled + " VALUES (1, 'a')",
                        "CREATE TABLE "
                                + name
                                + "."
                                + empty
                                + " (code VARCHAR(10), n INT, PRIMARY KEY (code))");
        Map<String, String> source = config(name, "full-load", name);
        connect.configureConnector(name, source);
        // Sinks subscribe by pattern, which sees a later topic only at a metadata refresh.
        for (String table : List.of(filled, empty)) {
            String topic = name + "." + name + "." + table;
            TestUtils.waitForCondition(
                    () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                    DEADLINE.toMillis(),
                    "no topic " + topic);
        }
        try (EveryTarget targets =
                new EveryTarget(
                        connect,
                        name,
                        source.get("table.mappings"),
                        false,
                        t -> staleTables(t, empty))) {
            targets.await(name, filled, List.of("id", "v"), List.of("1|a"));
            Map<String, Object> expected =
                    Map.of(
                            "postgres", List.of("code", "n"),
                            "mariadb", List.of("code", "n"),
                            "postgres key", List.of("code"),
                            "mariadb key", List.of("code"),
                            "rows", List.of(0L, 0L),
                            "dynamodb", "[code] with 0 items");
            TestUtils.waitForCondition(
                    () -> emptyTable(targets, empty).equals(expected),
                    DEADLINE.toMillis(),
                    () -> "expected " + expected + ": " + emptyTable(targets, empty));
            assertEquals(List.of(), targets.s3Objects(name, empty));
        } finally {
            connect.deleteConnector(name);
        }
    }

    /** A table of that name in every target, holding a row the migration must not keep. */
    private static void staleTables(EveryTarget targets, String table) {
        for (LocalDatabase target : List.of(LocalServers.postgres(), LocalServers.mariadb())) {
            String create =
                    target == LocalServers.postgres()
                            ? "CREATE SCHEMA " + targets.target()
                            : "CREATE DATABASE " + targets.target();
            target.execute(
                    create,
                    "CREATE TABLE " + targets.target() + "." + table + " (stale INT PRIMARY KEY)",
                    "INSERT INTO " + targets.target() + "." + table + " VALUES (1)");
        }
        try (var client = targets.dynamo().client()) {
            try {
                client.deleteTable(b -> b.tableName(table));
                client.waiter().waitUntilTableNotExists(b -> b.tableName(table));
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                // not there
            }
            client.createTable(
                    b ->
                            b.tableName(table)
                                    .keySchema(k -> k.attributeName("stale").keyType("HASH"))
                                    .attributeDefinitions(
                                            a -> a.attributeName("stale").attributeType("N"))
                                    .billingMode("PAY_PER_REQUEST"));
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
            client.putItem(
                    b ->
                            b.tableName(table)
                                    .item(
                                            Map.of(
                                                    "stale",
                                                    software.amazon.awssdk.services.dynamodb.model
                                                            .AttributeValue.fromN("1"))));
        }
    }

    private static Map<String, Object> emptyTable(EveryTarget targets, String table) {
        Map<String, Object> seen = new TreeMap<>();
        List<Long> rows = new java.util.ArrayList<>();
        for (LocalDatabase target : List.of(LocalServers.postgres(), LocalServers.mariadb())) {
            String kind = target == LocalServers.postgres() ? "postgres" : "mariadb";
            String where =
                    " WHERE table_schema = '"
                            + targets.target()
                            + "' AND table_name = '"
                            + table
                            + "'";
            seen.put(
                    kind,
                    target.rows(
                            "SELECT column_name FROM information_schema.columns"
                                    + where
                                    + " ORDER BY ordinal_position"));
            seen.put(
                    kind + " key",
                    target.rows(
                            "SELECT column_name FROM information_schema.key_column_usage"
                                    + where
                                    + " ORDER BY ordinal_position"));
            try {
                rows.add(
                        Long.parseLong(
                                target.rows(
                                                "SELECT count(*) FROM "
                                                        + targets.target()
                                                        + "."
                                                        + table)
                                        .get(0)));
            } catch (RuntimeException e) {
                rows.add(-1L);
            }
        }
        seen.put("rows", rows);
        seen.put("dynamodb", targets.dynamoTable(table));
        return seen;
    }

    /**
     * Issue 16, item 7: a rule that renames every column (lower case) never shadows a rule that
     * removes one: the SSN column reaches no target.
     */
    @Test
    void aRenameOfEveryColumnNeverShadowsARemoval() throws Exception {
        String name = engine() + "_shadow";
        String table = engine() + "_people";
        createSchema(name);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + "."
                                + table
                                + " (id INT PRIMARY KEY, Name VARCHAR(20), SSN VARCHAR(11))",
                        "INSERT INTO " + name + "." + table + " VALUES (1, 'Ada', '123-45-6789')");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        String mappings =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1',"
                                + "'object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'transformation','rule-id':'8','rule-name':'8',"
                                + "'rule-action':'convert-lowercase','rule-target':'column',"
                                + "'object-locator':{'schema-name':'%','table-name':'%','column-name':'%'}},"
                                + "{'rule-type':'transformation','rule-id':'9','rule-name':'9',"
                                + "'rule-action':'remove-column','rule-target':'column',"
                                + "'object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'"
                                + table
                                + "','column-name':'"
                                // PostgreSQL folds unquoted names to lower case; names match
                                // case-sensitively, as in DMS.
                                + (engine().equals("postgres") ? "ssn" : "SSN")
                                + "'}}]}")
                        .replace('\'', '"');
        source.put("table.mappings", mappings);
        source.put("transforms.dms.table.mappings", mappings);
        connect.configureConnector(name, source);
        String topic = name + "." + name + "." + table;
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                DEADLINE.toMillis(),
                "no topic " + topic);
        try (EveryTarget targets = new EveryTarget(connect, name, mappings)) {
            targets.await(name, table, List.of("id", "name"), List.of("1|Ada"));
            db().execute("INSERT INTO " + name + "." + table + " VALUES (2, 'Bo', '987-65-4321')");
            targets.await(name, table, List.of("id", "name"), List.of("1|Ada", "2|Bo"));
            Map<String, List<String>> columns = targets.columns(name, table);
            assertEquals(
                    Map.of(
                            "postgres", List.of("id", "name"),
                            "mariadb", List.of("id", "name"),
                            "dynamodb", List.of("id", "name"),
                            "s3", List.of("2 cells")),
                    columns);
        } finally {
            connect.deleteConnector(name);
        }
    }

    private static void awaitWrites(CounterWorkload workload, long more)
            throws InterruptedException {
        long target = workload.writes() + more;
        TestUtils.waitForCondition(
                () -> workload.writes() > target, DEADLINE.toMillis(), "the workload stalled");
    }

    private void assertNoTopic(String topic) {
        assertTrue(
                connect.kafka().describeTopics(topic).values().stream().allMatch(t -> t.isEmpty()),
                "an excluded table reached Kafka: " + topic);
    }

    private void seed(String schema, int rows) {
        createSchema(schema);
        StringBuilder values = new StringBuilder();
        for (int id = 0; id < rows; id++) {
            values.append(id == 0 ? "" : ",").append('(').append(id).append(", 0, 's')");
        }
        db().execute(
                        "CREATE TABLE "
                                + schema
                                + ".counters (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(20))",
                        "CREATE TABLE " + schema + ".secret (id INT PRIMARY KEY, v VARCHAR(20))",
                        "INSERT INTO " + schema + ".counters VALUES " + values,
                        "INSERT INTO " + schema + ".secret VALUES (1, 'hidden')");
    }

    Map<String, String> config(String name, String migrationType, String schema) {
        return config(connection(name), engine(), name, migrationType, schema);
    }

    /**
     * A DMS source named {@code name} (its topic prefix too) of every table of {@code schema} but
     * {@code secret}, its table mapping also applied by an SMT.
     */
    static Map<String, String> config(
            Map<String, String> connection,
            String engine,
            String name,
            String migrationType,
            String schema) {
        Map<String, String> config = new HashMap<>(connection);
        config.put("connector.class", "io.ferry.source.DmsSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic.prefix", name);
        config.put("source.engine", engine);
        config.put("migration.type", migrationType);
        // One document drives both what Debezium captures and what the SMT passes on.
        String mappings =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1',"
                                + "'object-locator':{'schema-name':'"
                                + schema
                                + "','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'selection','rule-id':'2','rule-name':'2',"
                                + "'object-locator':{'schema-name':'"
                                + schema
                                + "','table-name':'secret'},'rule-action':'exclude'}]}")
                        .replace('\'', '"');
        config.put("table.mappings", mappings);
        config.put("transforms", "dms");
        config.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        config.put("transforms.dms.table.mappings", mappings);
        return config;
    }

    /**
     * Waits until the change events of {@code schema.counters}, applied in order onto {@code
     * start}, equal the source table; fails at once on a lost or repeated change.
     */
    private void converge(String name, String schema, Map<Integer, Integer> start)
            throws Exception {
        String topic = name + "." + schema + ".counters";
        Map<Integer, Integer> source = sourceRows(schema);
        // A lost or repeated change fails the ledger on every try, and so the wait, with its cause.
        TestUtils.waitForCondition(
                () -> captured(topic, start).equals(source),
                DEADLINE.toMillis(),
                () ->
                        "the captured changes never reached the source's state: "
                                + source.size()
                                + " source rows");
    }

    /** The topic's change events applied in order onto {@code start}. */
    private Map<Integer, Integer> captured(String topic, Map<Integer, Integer> start)
            throws Exception {
        ChangeLedger ledger = new ChangeLedger(start);
        if (connect.kafka().describeTopics(topic).get(topic).isPresent()) {
            for (ConsumerRecord<byte[], byte[]> record :
                    connect.kafka().consumeAll(30_000, topic)) {
                ledger.apply(parse(record.value()));
            }
        }
        return ledger.rows();
    }

    private Map<Integer, Integer> sourceRows(String schema) {
        return counters(db().rows("SELECT id, n FROM " + schema + ".counters"));
    }

    /** Query rows of {@code id|n} as a map. */
    static Map<Integer, Integer> counters(Iterable<String> rows) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (String row : rows) {
            String[] parts = row.split("\\|");
            out.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        return out;
    }

    /** Waits for the task's {@code migration-state} plugin metric, read over JMX. */
    static void awaitState(String name, String state) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> state.equals(migrationState(name)),
                DEADLINE.toMillis(),
                () -> name + " is " + migrationState(name) + ", not " + state);
    }

    private static String migrationState(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName bean :
                    server.queryNames(
                            new ObjectName("kafka.connect:type=plugins,connector=" + name + ",*"),
                            null)) {
                try {
                    return String.valueOf(server.getAttribute(bean, "migration-state"));
                } catch (javax.management.AttributeNotFoundException e) {
                    // another plugin's metrics
                }
            }
        } catch (javax.management.JMException e) {
            return e.toString();
        }
        return null;
    }

    /** A plugin metric of {@code schema.counters} (the schema named as the connector), or null. */
    private static Object tableMetric(String name, String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName bean :
                    server.queryNames(
                            new ObjectName(
                                    "kafka.connect:type=plugins,connector="
                                            + name
                                            + ",*,schema="
                                            + name
                                            + ",table=counters"),
                            null)) {
                return server.getAttribute(bean, attribute);
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task's {@code full-load-rows} metric for {@code schema.counters}, over JMX. */
    private static long fullLoadRows(String name) {
        return tableMetric(name, "full-load-rows") instanceof Number n ? n.longValue() : -1;
    }

    private static JsonNode parse(byte[] value) throws IOException {
        return value == null ? null : JSON.readTree(value);
    }
}
