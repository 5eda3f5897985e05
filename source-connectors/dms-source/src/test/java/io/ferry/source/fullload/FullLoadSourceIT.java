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
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                connect.kafka().consumeAll(DEADLINE_MS, null, committed, topic)) {
            String key = JSON.readTree(record.key()).get("payload").toString();
            JsonNode previous = byKey.put(key, JSON.readTree(record.value()));
            assertTrue(previous == null, "row " + key + " sent twice");
        }
        return byKey;
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
