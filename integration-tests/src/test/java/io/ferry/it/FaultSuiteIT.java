package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import io.ferry.testing.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17: the whole pipeline on a three-worker cluster — workers of their own JVMs — while things
 * break. Two migrations run side by side, from PostgreSQL and from MariaDB, each DMS source feeding
 * every Ferry sink (JDBC into PostgreSQL and MariaDB, S3, DynamoDB) through proxies that can take
 * the targets away. A workload inserts, updates and deletes rows of two tables, some in
 * multi-statement transactions, throughout. The cases run in order on the same migrations; each
 * provokes its fault under load, stops the workload, and waits until every target holds exactly the
 * source's rows (row by row: S3 by replaying its objects' Op rows, DynamoDB by a scan), timing how
 * long that took after the fault ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final List<String> COLUMNS = List.of("id", "n", "note");
    private static final int LOADED = 30_000;
    private static final int ACCOUNTS = 2_000;

    /**
     * Two tasks per sink, a table's topic each (round robin: Kafka's default assignor would give
     * both to one task), so a lost worker rebalances the tasks that are left while they run.
     */
    private static final int SINK_TASKS = 2;

    private static final Map<String, String> SINK_SETTINGS =
            Map.of(
                    "tasks.max",
                    Integer.toString(SINK_TASKS),
                    "consumer.override.partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.RoundRobinAssignor");

    private WorkerProcesses cluster;
    private final Map<Integer, TcpProxy> proxies = new LinkedHashMap<>();
    private final Map<String, Migration> migrations = new LinkedHashMap<>();
    private final Map<String, String> timings = new LinkedHashMap<>();

    /** One source database's migration: its source connector, its sinks and its workloads. */
    private final class Migration {
        final String name;
        final LocalDatabase db;
        final Map<String, String> source;
        EveryTarget targets;
        boolean deployed;
        final List<CounterWorkload> workloads = new ArrayList<>();

        Migration(String name, LocalDatabase db) {
            this.name = name;
            this.db = db;
            this.source = sourceConfig(name, db);
        }

        /**
         * Its tables, the loaded one first; named apart from the other migration's, since DynamoDB
         * tables are named after the source table alone.
         */
        List<String> tables() {
            String engine = db.engine() == LocalDatabase.Engine.POSTGRES ? "pg" : "maria";
            return List.of(engine + "_counters", engine + "_accounts");
        }

        List<String> sinks() {
            return List.of(
                    name + "-to-pg", name + "-to-mariadb", name + "-to-s3", name + "-to-ddb");
        }

        void startWorkloads() throws InterruptedException {
            stopWorkloads(); // still running when an earlier case failed
            if (workloads.isEmpty()) {
                workloads.add(CounterWorkload.resilient(db, name + "." + tables().get(0), LOADED));
                workloads.add(
                        CounterWorkload.resilient(db, name + "." + tables().get(1), ACCOUNTS));
            } else {
                List<CounterWorkload> next = new ArrayList<>();
                for (CounterWorkload workload : workloads) {
                    next.add(workload.continued());
                }
                workloads.clear();
                workloads.addAll(next);
            }
        }

        void stopWorkloads() throws InterruptedException {
            for (CounterWorkload workload : workloads) {
                workload.close();
            }
        }

        long writes() {
            return workloads.stream().mapToLong(CounterWorkload::writes).sum();
        }

        String topic(String table) {
            return name + "." + name + "." + table;
        }
    }

    @BeforeAll
    void start() throws Exception {
        Path dir = Path.of("target", "fault-suite");
        cluster = WorkerProcesses.start(dir, 3);
        for (int port :
                List.of(
                        LocalServers.postgres().port(),
                        LocalServers.mariadb().port(),
                        LocalServers.s3().endpoint().getPort(),
                        LocalServers.dynamoDb().endpoint().getPort())) {
            proxies.put(port, new TcpProxy("127.0.0.1", port));
        }
        migrations.put("pg", new Migration("fault_pg", LocalServers.postgres()));
        migrations.put("maria", new Migration("fault_maria", LocalServers.mariadb()));
        for (Migration migration : migrations.values()) {
            seed(migration);
            // Sinks subscribe by pattern: the topics are there before them.
            for (String table : migration.tables()) {
                cluster.kafka().createTopic(migration.topic(table), 1);
            }
            migration.targets =
                    new EveryTarget(
                            cluster,
                            migration.name,
                            migration.source.get("table.mappings"),
                            true,
                            t -> {},
                            this::route,
                            SINK_SETTINGS);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Migration migration : migrations.values()) {
            migration.stopWorkloads();
        }
        for (TcpProxy proxy : proxies.values()) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        StringBuilder report =
                new StringBuilder("| case | converged after the fault |\n|---|---|\n");
        timings.forEach(
                (k, v) -> report.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(Path.of("target", "fault-suite", "convergence.md"), report);
        System.out.println(report);
    }

    /** A target's address as the sinks get it: through its proxy. */
    private String route(String address) {
        String routed = address;
        for (Map.Entry<Integer, TcpProxy> proxy : proxies.entrySet()) {
            routed =
                    routed.replace(
                            "127.0.0.1:" + proxy.getKey() + "/",
                            "127.0.0.1:" + proxy.getValue().port() + "/");
            if (routed.endsWith("127.0.0.1:" + proxy.getKey())) {
                routed =
                        routed.substring(
                                        0,
                                        routed.length() - String.valueOf(proxy.getKey()).length())
                                + proxy.getValue().port();
            }
        }
        if (routed.equals(address)) {
            throw new IllegalStateException("no proxy for " + address);
        }
        return routed;
    }

    /**
     * 1a. The worker running the PostgreSQL source is stopped mid-load: the load starts again on
     * another worker, and what the first attempt wrote and the source has deleted since must not
     * stay in the targets.
     */
    @Test
    @Order(1)
    void aWorkerStoppedDuringTheFullLoad() throws Exception {
        interruptTheLoad(migrations.get("pg"), false);
    }

    /** 1b. The worker running the MariaDB source is killed (SIGKILL) mid-load. */
    @Test
    @Order(2)
    void aWorkerKilledDuringTheFullLoad() throws Exception {
        interruptTheLoad(migrations.get("maria"), true);
    }

    private void interruptTheLoad(Migration migration, boolean kill) throws Exception {
        migration.startWorkloads();
        cluster.configure(migration.name, migration.source);
        migration.deployed = true;
        String counters = migration.topic(migration.tables().get(0));
        TestUtils.waitForCondition(
                () -> endOffset(counters) > 2_000,
                180_000,
                () -> "the load did not start: " + cluster.taskStates(migration.name));
        WorkerProcesses.Worker victim = cluster.running(migration.name, 0);
        Instant fault = Instant.now();
        if (kill) {
            cluster.kill(victim);
        } else {
            cluster.stop(victim);
        }
        long atFault = endOffset(counters);
        cluster.add();
        cluster.awaitRunning(migration.name, 1);
        assertTrue(
                atFault < LOADED,
                "the fault came after the load (" + atFault + " records): make the load longer");
        awaitWrites(migration, 200);
        migration.stopWorkloads();
        converge((kill ? "worker killed" : "worker stopped") + " during the full load", fault);
        // The load began again after the fault: its tables were announced again (more than twice
        // when the rebalance that spreads tasks over the new worker moves the source once more).
        long announced = announcements(counters);
        assertTrue(announced >= 2, "announcements of the interrupted load: " + announced);
    }

    /**
     * 1c. During CDC, the worker running the PostgreSQL source is stopped and the one running the
     * MariaDB source (or, if the same, another one) is killed.
     */
    @Test
    @Order(3)
    void workersStoppedAndKilledDuringCdc() throws Exception {
        startWorkloads();
        awaitWrites(200);
        WorkerProcesses.Worker stopped = cluster.running(migrations.get("pg").name, 0);
        WorkerProcesses.Worker killed = cluster.running(migrations.get("maria").name, 0);
        if (killed.equals(stopped)) {
            killed = cluster.workers().stream().filter(w -> !w.equals(stopped)).findFirst().get();
        }
        Instant fault = Instant.now();
        cluster.stop(stopped);
        cluster.kill(killed);
        awaitWrites(200);
        cluster.add();
        cluster.add();
        awaitAllRunning();
        awaitWrites(200);
        stopWorkloads();
        converge("workers stopped and killed during CDC", fault);
    }

    /**
     * 2a. Every target — both databases, S3 and DynamoDB — out of reach for 60 seconds, and 20
     * seconds into it the worker running the PostgreSQL migration's S3 sink killed: its sink tasks
     * start again on the others while the targets are down, and the tasks left there are rebalanced
     * while they wait out their retries.
     */
    @Test
    @Order(4)
    void targetsUnreachableForAMinuteAndAWorkerKilledMeanwhile() throws Exception {
        startWorkloads();
        awaitWrites(200);
        Instant cut = Instant.now();
        proxies.values().forEach(TcpProxy::cut);
        Thread.sleep(20_000); // into the sinks' retries: the outage itself, not a synchronisation
        WorkerProcesses.Worker victim = cluster.running(migrations.get("pg").name + "-to-s3", 0);
        cluster.kill(victim);
        cluster.add();
        Thread.sleep(Math.max(0, 60_000 - Duration.between(cut, Instant.now()).toMillis()));
        for (TcpProxy proxy : proxies.values()) {
            proxy.restore();
        }
        Instant fault = Instant.now();
        awaitWrites(200);
        stopWorkloads();
        converge("every target unreachable for 60 s, a worker killed 20 s in", fault);
        awaitAllRunning();
    }

    /** 2b. Both source databases restarted (which are also the JDBC targets' servers). */
    @Test
    @Order(6)
    void sourceDatabasesRestarted() throws Exception {
        startWorkloads();
        awaitWrites(200);
        LocalServers.postgres().restart();
        LocalServers.mariadb().restart();
        Instant fault = Instant.now();
        awaitWrites(500);
        // Each database's workload saw its restart: its connections broke.
        for (Migration migration : migrations.values()) {
            assertTrue(
                    migration.workloads.stream().anyMatch(w -> w.interruptions() > 0),
                    migration.name + "'s database did not restart");
        }
        stopWorkloads();
        converge("source databases restarted", fault);
        awaitAllRunning();
    }

    /**
     * 3. Through the REST API: every task restarted, every connector paused and resumed, and one
     * sink and one source deleted and created again under the same names.
     */
    @Test
    @Order(7)
    void tasksRestartedPausedResumedAndConnectorsRecreated() throws Exception {
        startWorkloads();
        awaitWrites(200);
        Instant fault = Instant.now();
        for (String connector : connectors()) {
            cluster.restartTask(connector, 0);
        }
        awaitWrites(200);
        for (String connector : connectors()) {
            cluster.pause(connector);
        }
        awaitWrites(200);
        for (String connector : connectors()) {
            cluster.resume(connector);
        }
        Migration pg = migrations.get("pg");
        Migration maria = migrations.get("maria");
        maria.targets.delete("to-pg");
        cluster.delete(pg.name);
        awaitWrites(200);
        cluster.configure(pg.name, pg.source);
        maria.targets.recreate("to-pg");
        awaitWrites(200);
        stopWorkloads();
        converge("tasks restarted, connectors paused, resumed, deleted and recreated", fault);
        awaitAllRunning();
    }

    /**
     * 4. Poison among the source's records: bytes that are not JSON, which no sink can read, and a
     * row with an array of maps, which no SQL target has a column type for (S3 and DynamoDB can
     * hold it: it goes to a table of its own there). Each sink sends what it cannot write to its
     * dead letter topic with the original bytes; every other change arrives.
     */
    @Test
    @Order(8)
    void poisonRecordsGoToTheDeadLetterTopics() throws Exception {
        Migration pg = migrations.get("pg");
        startWorkloads();
        awaitWrites(100);
        String topic = pg.topic(pg.tables().get(1));
        byte[] garbage = "\u0000not json at all\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        byte[] unmappable =
                ("{\"schema\":{\"type\":\"struct\",\"name\":\"x.Envelope\",\"fields\":["
                                + "{\"field\":\"op\",\"type\":\"string\"},"
                                + "{\"field\":\"source\",\"type\":\"struct\",\"fields\":["
                                + "{\"field\":\"connector\",\"type\":\"string\"},"
                                + "{\"field\":\"db\",\"type\":\"string\"},"
                                + "{\"field\":\"schema\",\"type\":\"string\"},"
                                + "{\"field\":\"table\",\"type\":\"string\"},"
                                + "{\"field\":\"ts_ms\",\"type\":\"int64\"}]},"
                                + "{\"field\":\"after\",\"type\":\"struct\",\"optional\":true,"
                                + "\"fields\":[{\"field\":\"id\",\"type\":\"int32\"},"
                                + "{\"field\":\"tags\",\"type\":\"array\",\"items\":"
                                + "{\"type\":\"map\",\"keys\":{\"type\":\"string\"},"
                                + "\"values\":{\"type\":\"string\"}}}]}]},"
                                + "\"payload\":{\"op\":\"c\",\"source\":{\"connector\":\"postgresql\","
                                + "\"db\":\"ferry\",\"schema\":\""
                                + pg.name
                                + "\",\"table\":\"pg_poison\",\"ts_ms\":1},"
                                + "\"after\":{\"id\":-1,\"tags\":[{\"k\":\"v\"}]}}}")
                        .getBytes(StandardCharsets.UTF_8);
        Instant fault = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, null, garbage)).get();
            producer.send(new ProducerRecord<>(topic, null, unmappable)).get();
        }
        awaitWrites(200);
        stopWorkloads();
        converge("poison records among the changes", fault);
        for (String sink : List.of("to-pg", "to-mariadb", "to-s3", "to-ddb")) {
            boolean sql = sink.equals("to-pg") || sink.equals("to-mariadb");
            List<byte[]> dead = new ArrayList<>();
            cluster.kafka()
                    .consume(sql ? 2 : 1, 60_000, pg.name + "-" + sink + "-dlq")
                    .forEach(r -> dead.add(r.value()));
            assertTrue(
                    java.util.Arrays.equals(garbage, dead.get(0)),
                    sink + ": the undecodable record's original bytes");
            if (sql) {
                assertTrue(
                        java.util.Arrays.equals(unmappable, dead.get(1)),
                        sink + ": the unmappable record's original bytes");
            }
        }
        awaitAllRunning();
    }

    /** 5. The Kafka broker stopped and started again while the sources capture. */
    @Test
    @Order(9)
    void brokerRestartedUnderLoad() throws Exception {
        startWorkloads();
        awaitWrites(200);
        cluster.kafka().stopOnlyBrokers();
        awaitWrites(300); // the sources catch up on these later
        cluster.kafka().restartOnlyBrokers();
        Instant fault = Instant.now();
        awaitWrites(300);
        stopWorkloads();
        converge("Kafka broker restarted", fault);
        awaitAllRunning();
    }

    /**
     * 6. Exactly-once support turned on under load as KIP-618 says — every worker replaced by one
     * with {@code exactly.once.source.support=preparing}, then by one with {@code enabled} — and
     * then the workers running the sources killed during CDC. A source now resumes from offsets
     * that match what Kafka holds: no change reaches a topic twice.
     */
    @Test
    @Order(10)
    void exactlyOnceSupportTurnedOnThenTheSourcesWorkersKilled() throws Exception {
        startWorkloads();
        awaitWrites(200);
        // The workers run with preparing from the start: the roll to enabled is the second step.
        Instant rolling = Instant.now();
        cluster.set("exactly.once.source.support", "enabled");
        for (WorkerProcesses.Worker old : cluster.workers()) {
            cluster.add();
            cluster.stop(old);
        }
        awaitAllRunning();
        timings.put(
                "rolling every worker to exactly-once support (not a fault)",
                Duration.between(rolling, Instant.now()).toSeconds() + " s");
        awaitWrites(200);
        Map<String, Long> from = new LinkedHashMap<>();
        for (Migration migration : migrations.values()) {
            for (String table : migration.tables()) {
                from.put(migration.topic(table), endOffset(migration.topic(table)));
            }
        }
        List<WorkerProcesses.Worker> victims = new ArrayList<>();
        for (Migration migration : migrations.values()) {
            WorkerProcesses.Worker worker = cluster.running(migration.name, 0);
            if (!victims.contains(worker)) {
                victims.add(worker);
            }
        }
        awaitWrites(200);
        Instant fault = Instant.now();
        for (WorkerProcesses.Worker victim : victims) {
            cluster.kill(victim);
        }
        awaitWrites(200);
        for (int i = 0; i < victims.size(); i++) {
            cluster.add();
        }
        awaitAllRunning();
        System.out.println(
                "exactly-once: tasks running again after "
                        + Duration.between(fault, Instant.now()).toSeconds()
                        + " s");
        awaitWrites(300);
        stopWorkloads();
        converge("exactly-once support turned on, then the sources' workers killed", fault);
        for (Map.Entry<String, Long> topic : from.entrySet()) {
            assertEquals(
                    List.of(),
                    repeatedChanges(topic.getKey(), topic.getValue()),
                    topic.getKey() + ": changes written twice since exactly-once support is on");
        }
    }

    /**
     * 7. The soak: faults drawn at random — a worker stopped or killed, targets cut for a while
     * (with a worker killed in the middle, or not), a source database restarted, the broker
     * restarted, a task restarted, a connector paused and resumed — each under load and each
     * followed by convergence. One round in the build; {@code FERRY_SOAK_MINUTES} runs rounds for
     * that long instead, {@code FERRY_SOAK_SEED} replays a run (docs/reliability.md).
     */
    @Test
    @Order(11)
    void randomFaultsUntilTheSoakEnds() throws Exception {
        String minutes = System.getenv().getOrDefault("FERRY_SOAK_MINUTES", "");
        long seed =
                Long.parseLong(
                        System.getenv()
                                .getOrDefault(
                                        "FERRY_SOAK_SEED",
                                        Long.toString(System.currentTimeMillis())));
        Instant end =
                minutes.isEmpty()
                        ? null
                        : Instant.now().plus(Duration.ofMinutes(Long.parseLong(minutes)));
        java.util.Random random = new java.util.Random(seed);
        System.out.println("soak seed " + seed);
        for (int round = 1; end == null ? round <= 1 : Instant.now().isBefore(end); round++) {
            startWorkloads();
            awaitWrites(100 + random.nextInt(400));
            String fault = soakFault(random);
            Instant over = Instant.now();
            awaitWrites(200);
            stopWorkloads();
            converge("soak round " + round + " (seed " + seed + "): " + fault, over);
            awaitAllRunning();
        }
    }

    /** Provokes one fault drawn at random and returns what it was once the fault is over. */
    private String soakFault(java.util.Random random) throws Exception {
        List<WorkerProcesses.Worker> workers = cluster.workers();
        WorkerProcesses.Worker worker = workers.get(random.nextInt(workers.size()));
        List<String> connectors = connectors();
        String connector = connectors.get(random.nextInt(connectors.size()));
        int seconds = 10 + random.nextInt(50);
        switch (random.nextInt(7)) {
            case 0 -> {
                cluster.stop(worker);
                cluster.add();
                return "worker " + worker.id() + " stopped";
            }
            case 1 -> {
                cluster.kill(worker);
                cluster.add();
                return "worker " + worker.id() + " killed";
            }
            case 2, 3 -> {
                boolean kill = random.nextBoolean();
                proxies.values().forEach(TcpProxy::cut);
                Thread.sleep(seconds * 500L); // the outage itself, not a synchronisation
                if (kill) {
                    cluster.kill(worker);
                    cluster.add();
                }
                Thread.sleep(seconds * 500L);
                for (TcpProxy proxy : proxies.values()) {
                    proxy.restore();
                }
                return "every target cut for "
                        + seconds
                        + " s"
                        + (kill ? ", worker " + worker.id() + " killed in the middle" : "");
            }
            case 4 -> {
                LocalDatabase db =
                        random.nextBoolean() ? LocalServers.postgres() : LocalServers.mariadb();
                db.restart();
                return db.engine() + " restarted";
            }
            case 5 -> {
                cluster.kafka().stopOnlyBrokers();
                awaitWrites(100);
                cluster.kafka().restartOnlyBrokers();
                return "the broker restarted";
            }
            default -> {
                cluster.restartTask(connector, 0);
                cluster.pause(connector);
                awaitWrites(100);
                cluster.resume(connector);
                return connector + "'s task restarted, the connector paused and resumed";
            }
        }
    }

    /**
     * The changes a topic holds twice from {@code from} on, read as a sink reads them (committed
     * transactions only): the same source change, whenever the source sent it.
     */
    private List<String> repeatedChanges(String topic, long from) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long end = endOffset(topic);
        Map<String, Integer> seen = new LinkedHashMap<>();
        try (var consumer =
                cluster.kafka()
                        .createConsumer(
                                Map.of(
                                        "isolation.level",
                                        "read_committed",
                                        "enable.auto.commit",
                                        "false"))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() == null) {
                        continue;
                    }
                    JsonNode value = JSON.readTree(record.value());
                    JsonNode payload = value.has("payload") ? value.get("payload") : value;
                    if (!List.of("c", "u", "d").contains(payload.path("op").asText())) {
                        continue;
                    }
                    // When Debezium handled the change differs between two sends; the rest not.
                    var change =
                            ((com.fasterxml.jackson.databind.node.ObjectNode) payload).deepCopy();
                    change.remove(List.of("ts_ms", "ts_us", "ts_ns"));
                    seen.merge(change.toString(), 1, Integer::sum);
                }
            }
            assertTrue(consumer.position(partition) >= end, topic + ": not read to its end");
        }
        return seen.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    private List<String> connectors() {
        List<String> all = new ArrayList<>();
        for (Migration migration : migrations.values()) {
            all.add(migration.name);
            all.addAll(migration.sinks());
        }
        return all;
    }

    private void awaitAllRunning() throws InterruptedException {
        for (Migration migration : migrations.values()) {
            cluster.awaitRunning(migration.name, 1);
            for (String sink : migration.sinks()) {
                cluster.awaitRunning(sink, SINK_TASKS);
            }
        }
    }

    private void startWorkloads() throws InterruptedException {
        for (Migration migration : migrations.values()) {
            migration.startWorkloads();
        }
    }

    private void stopWorkloads() throws InterruptedException {
        for (Migration migration : migrations.values()) {
            migration.stopWorkloads();
        }
    }

    private void awaitWrites(long more) throws InterruptedException {
        for (Migration migration : migrations.values()) {
            awaitWrites(migration, more);
        }
    }

    private static void awaitWrites(Migration migration, long more) throws InterruptedException {
        long target = migration.writes() + more;
        TestUtils.waitForCondition(
                () -> migration.writes() >= target, 120_000, migration.name + ": workload stalled");
    }

    /**
     * Waits until every target of every migration holds exactly the source's rows of every table,
     * and records how long that took after the fault.
     */
    /** Restarts the source's tasks Connect's fencing race failed; always true. */
    private boolean restartFencingFailures(Migration migration) {
        cluster.restartFencingFailures(migration.name);
        return true;
    }

    private void converge(String name, Instant fault) throws InterruptedException {
        for (Migration migration : migrations.values()) {
            if (!migration.deployed) {
                continue;
            }
            for (String table : migration.tables()) {
                List<String> expected = sourceRows(migration, table);
                TestUtils.waitForCondition(
                        () ->
                                restartFencingFailures(migration)
                                        && migration
                                                .targets
                                                .rows(migration.name, table, COLUMNS)
                                                .values()
                                                .stream()
                                                .allMatch(expected::equals),
                        CONVERGENCE.toMillis(),
                        () ->
                                name
                                        + ": "
                                        + migration.name
                                        + "."
                                        + table
                                        + " "
                                        + difference(
                                                expected,
                                                migration.targets.rows(
                                                        migration.name, table, COLUMNS))
                                        + "; sinks "
                                        + states(migration));
            }
        }
        Duration took = Duration.between(fault, Instant.now());
        timings.put(name, took.toSeconds() + " s");
    }

    private String states(Migration migration) {
        Map<String, List<String>> states = new TreeMap<>();
        for (String connector : migration.sinks()) {
            states.put(connector, cluster.taskStates(connector));
        }
        states.put(migration.name, cluster.taskStates(migration.name));
        return states.toString();
    }

    /** Per target: how many rows it lacks, has too many of, or holds with other values. */
    private static Map<String, String> difference(
            List<String> expected, Map<String, List<String>> actual) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> want = byId(expected);
        actual.forEach(
                (target, rows) -> {
                    Map<String, String> have = byId(rows);
                    List<String> lost = new ArrayList<>();
                    List<String> extra = new ArrayList<>();
                    List<String> altered = new ArrayList<>();
                    want.forEach(
                            (id, row) -> {
                                if (!have.containsKey(id)) {
                                    lost.add(id);
                                } else if (!have.get(id).equals(row)) {
                                    altered.add(row + " as " + have.get(id));
                                }
                            });
                    have.keySet().stream().filter(id -> !want.containsKey(id)).forEach(extra::add);
                    out.put(
                            target,
                            lost.size()
                                    + " lost "
                                    + head(lost)
                                    + ", "
                                    + extra.size()
                                    + " extra "
                                    + head(extra)
                                    + ", "
                                    + altered.size()
                                    + " altered "
                                    + head(altered));
                });
        return out;
    }

    private static List<String> head(List<String> items) {
        return items.subList(0, Math.min(5, items.size()));
    }

    private static Map<String, String> byId(List<String> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String row : rows) {
            out.put(row.contains("|") ? row.substring(0, row.indexOf('|')) : row, row);
        }
        return out;
    }

    private static List<String> sourceRows(Migration migration, String table) {
        Map<Long, String> byId = new TreeMap<>();
        for (String row :
                migration.db.rows("SELECT id, n, note FROM " + migration.name + "." + table)) {
            byId.put(Long.parseLong(row.substring(0, row.indexOf('|'))), row);
        }
        return List.copyOf(byId.values());
    }

    private long endOffset(String topic) throws Exception {
        return cluster.kafka().endOffset(new TopicPartition(topic, 0));
    }

    /** How many table announcements (op p) a topic holds. */
    private long announcements(String topic) throws Exception {
        long count = 0;
        for (ConsumerRecord<byte[], byte[]> record : cluster.kafka().consumeAll(60_000, topic)) {
            if (record.value() == null) {
                continue;
            }
            JsonNode value = JSON.readTree(record.value());
            JsonNode payload = value.has("payload") ? value.get("payload") : value;
            if (payload != null && "p".equals(payload.path("op").asText())) {
                count++;
            }
        }
        return count;
    }

    private void seed(Migration migration) {
        LocalDatabase db = migration.db;
        String schema = migration.name;
        if (db.engine() == LocalDatabase.Engine.POSTGRES) {
            db.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE slot_name = '"
                            + schema
                            + "' AND NOT active",
                    "DROP PUBLICATION IF EXISTS " + schema,
                    "DROP SCHEMA IF EXISTS " + schema + " CASCADE",
                    "CREATE SCHEMA " + schema);
        } else {
            db.execute("DROP DATABASE IF EXISTS " + schema, "CREATE DATABASE " + schema);
        }
        for (String table : migration.tables()) {
            int rows = table.equals(migration.tables().get(0)) ? LOADED : ACCOUNTS;
            db.execute(
                    "CREATE TABLE "
                            + schema
                            + "."
                            + table
                            + " (id INT PRIMARY KEY, n INT NOT NULL, note VARCHAR(20))");
            for (int from = 0; from < rows; from += 5_000) {
                StringBuilder values = new StringBuilder();
                for (int id = from; id < Math.min(rows, from + 5_000); id++) {
                    values.append(id == from ? "" : ",").append('(').append(id).append(", 0, 's')");
                }
                db.execute("INSERT INTO " + schema + "." + table + " VALUES " + values);
            }
        }
    }

    private Map<String, String> sourceConfig(String name, LocalDatabase db) {
        Map<String, String> config =
                DebeziumConfigs.source(db, cluster.kafka().bootstrapServers(), name, 7401);
        config.put("connector.class", "io.ferry.source.DmsSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic.prefix", name);
        config.put(
                "source.engine",
                db.engine() == LocalDatabase.Engine.POSTGRES ? "postgres" : "mariadb");
        config.put("migration.type", "full-load-and-cdc");
        String mappings =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1',"
                                + "'object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'%'},'rule-action':'include'}]}")
                        .replace('\'', '"');
        config.put("table.mappings", mappings);
        config.put("transforms", "dms");
        config.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        config.put("transforms.dms.table.mappings", mappings);
        return config;
    }
}
