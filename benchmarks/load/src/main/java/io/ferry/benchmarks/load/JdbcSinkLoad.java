package io.ferry.benchmarks.load;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The JDBC sink's throughput, end to end: Debezium change events already in Kafka, one Connect
 * worker, real PostgreSQL and MariaDB. In one run it measures Ferry's sink and Debezium's JDBC sink
 * on the same full-load topic, a native COPY pipe of the same number of rows, and Ferry's batch
 * apply of a mixed CDC stream; it prints rows/s and the ratios.
 *
 * <p>Arguments: [rows=1000000] [changes=500000] [keys=100000]; {@code -Dferry.converter=avro} runs
 * it with Avro and a schema registry instead of JSON with schemas.
 */
public final class JdbcSinkLoad {
    private static final String ROWS_TOPIC = "load.rows";
    private static final String CHANGES_TOPIC = "load.changes";

    /** Fetch sizes both sinks get: large enough that a poll is not capped at ~1 MB. */
    private static final Map<String, String> FETCH =
            Map.of(
                    "consumer.override.max.partition.fetch.bytes", Integer.toString(16 << 20),
                    "consumer.override.fetch.max.bytes", Integer.toString(64 << 20));

    /**
     * Records a poll brings each sink ({@code -Dferry.poll.records}); Debezium's batch is as large,
     * as it needs to batch. The fetch sizes grow to hold such a poll.
     */
    private static final int POLL_RECORDS = Integer.getInteger("ferry.poll.records", 0);

    private final EmbeddedConnectCluster connect;
    private final Converters format;
    private final LoadEvents events;
    private final ConnectorRuns runs;
    private long recordBytes;

    private JdbcSinkLoad(EmbeddedConnectCluster connect, Converters format, ConnectorRuns runs) {
        this.connect = connect;
        this.format = format;
        this.events = new LoadEvents(format);
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        LocalDatabase pg = LocalServers.postgres();
        LocalDatabase mariadb = LocalServers.mariadb();
        Converters format = Converters.fromSystemProperty();
        Map<String, String> worker = new HashMap<>(format.workerProps());
        worker.put("plugin.path", ferryPlugin().toString());
        worker.put("connector.client.config.override.policy", "All");
        EmbeddedConnectCluster connect = ConnectClusters.start("load", 1, worker);
        try {
            ConnectorRuns runs = new ConnectorRuns(connect, worker);
            new JdbcSinkLoad(connect, format, runs).run(pg, mariadb, rows, changes, keys);
        } finally {
            connect.stop();
        }
        System.exit(0);
    }

    private void run(LocalDatabase pg, LocalDatabase mariadb, long rows, int changes, int keys)
            throws Exception {
        long bytes = produceLoad(rows);
        recordBytes = bytes / rows;
        long changeRecords = produceChanges(changes, keys);
        System.out.printf("%nRun in %s%n", runs.where());
        System.out.printf(
                "%nJDBC sink load: %,d rows in %s, %,d bytes a record (%s)%n",
                rows,
                ROWS_TOPIC,
                bytes / rows,
                format == Converters.JSON
                        ? "JsonConverter, schemas enabled"
                        : "Avro, Apicurio converter and registry");

        NativeCopy.createSource(pg, rows);
        double pipe = rows / NativeCopy.pipe(pg);
        System.out.printf("native COPY pipe PostgreSQL → PostgreSQL: %,.0f rows/s%n", pipe);

        for (LocalDatabase target : new LocalDatabase[] {pg, mariadb}) {
            String name = target.engine().name().toLowerCase();
            ConnectorRuns.Measured ferry = ferry(target, ROWS_TOPIC, "ferry_rows", rows);
            ConnectorRuns.Measured debezium = debezium(target, rows);
            double ferryRate = rows / ferry.seconds();
            double debeziumRate = rows / debezium.seconds();
            System.out.printf(
                    "%-8s full load  ferry %,9.0f rows/s  debezium %,8.0f rows/s  ferry/debezium"
                            + " %5.2fx  ferry/COPY pipe %4.2fx%n"
                            + "         ferry: %s%n         debezium: %s%n",
                    name,
                    ferryRate,
                    debeziumRate,
                    ferryRate / debeziumRate,
                    ferryRate / pipe,
                    ferry.resources(rows),
                    debezium.resources(rows));
        }
        for (LocalDatabase target : new LocalDatabase[] {pg, mariadb}) {
            String name = target.engine().name().toLowerCase();
            ConnectorRuns.Measured ferry =
                    ferry(target, CHANGES_TOPIC, "ferry_changes", changeRecords);
            System.out.printf(
                    "%-8s CDC apply %,d changes over %,d keys (batch apply): %,.0f changes/s, %s%n",
                    name, changes, keys, changes / ferry.seconds(), ferry.resources(changes));
        }
    }

    /** Runs Ferry's sink on {@code topic} until it has applied {@code records}. */
    private ConnectorRuns.Measured ferry(
            LocalDatabase target, String topic, String table, long records) throws Exception {
        String name = "ferry-" + table + "-" + target.engine().name().toLowerCase();
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ferry.sink.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", target.jdbcUrl());
        config.put("connection.user", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("table.name.format", table);
        config.put("target.table.prep.mode", "DROP_AND_CREATE");
        config.putAll(polls(5000));
        return runs.run(
                name,
                config,
                () ->
                        valueOrZero(
                                target,
                                "SELECT coalesce(max(next_offset), 0) FROM ferry_sink_offsets"
                                        + " WHERE connector_name = '"
                                        + name
                                        + "'"),
                records);
    }

    /**
     * The consumer settings of a sink: {@code fallback} records a poll, or {@code
     * -Dferry.poll.records} with fetches large enough to bring them at once.
     */
    private Map<String, String> polls(int fallback) {
        Map<String, String> consumer = new HashMap<>(FETCH);
        int records = POLL_RECORDS > 0 ? POLL_RECORDS : fallback;
        consumer.put("consumer.override.max.poll.records", Integer.toString(records));
        if (POLL_RECORDS > 0) {
            long bytes = Math.max(16L << 20, records * recordBytes * 11 / 10);
            consumer.put("consumer.override.max.partition.fetch.bytes", Long.toString(bytes));
            consumer.put(
                    "consumer.override.fetch.max.bytes", Long.toString(Math.max(64L << 20, bytes)));
        }
        return consumer;
    }

    /** Runs Debezium's JDBC sink on the full-load topic until the table has every row. */
    private ConnectorRuns.Measured debezium(LocalDatabase target, long rows) throws Exception {
        String name = "debezium-" + target.engine().name().toLowerCase();
        target.execute("DROP TABLE IF EXISTS dbz_rows");
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", ROWS_TOPIC);
        config.put("connection.url", target.jdbcUrl());
        config.put("connection.username", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("insert.mode", "upsert");
        config.put("delete.enabled", "true");
        config.put("primary.key.mode", "record_key");
        config.put("schema.evolution", "basic");
        config.put("collection.name.format", "dbz_rows");
        // Its best measured setting here (baselines.md), with polls as large as its batches.
        Map<String, String> polls = polls(1000);
        config.put("batch.size", polls.get("consumer.override.max.poll.records"));
        config.putAll(polls);
        return runs.run(
                name, config, () -> valueOrZero(target, "SELECT count(*) FROM dbz_rows"), rows);
    }

    /** The query's number, or 0 while the table it reads is not created yet. */
    private static long valueOrZero(LocalDatabase target, String sql) {
        try {
            return longValue(target, sql);
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    private static long longValue(LocalDatabase target, String sql) {
        try (Connection connection = target.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Snapshot rows 0..rows-1 ({@code op=r}); returns the bytes produced. */
    private long produceLoad(long rows) {
        return LoadTopics.snapshot(connect, events, ROWS_TOPIC, rows);
    }

    /**
     * A mixed stream over {@code keys} keys: inserts of absent keys, then updates and deletes (with
     * their tombstones) at random; returns the number of records.
     */
    private long produceChanges(int changes, int keys) {
        connect.kafka().createTopic(CHANGES_TOPIC, 1);
        Random random = new Random(1);
        Map<Long, Struct> table = new TreeMap<>();
        long records = 0;
        try (KafkaProducer<byte[], byte[]> producer = LoadTopics.producer(connect)) {
            for (int i = 0; i < changes; i++) {
                long id = random.nextInt(keys);
                Struct current = table.get(id);
                byte[] key = events.key(CHANGES_TOPIC, id);
                byte[] value;
                if (current == null) {
                    Struct row = events.row(id, i);
                    value = events.event(CHANGES_TOPIC, "c", null, row);
                    table.put(id, row);
                } else if (random.nextInt(5) == 0) {
                    value = events.event(CHANGES_TOPIC, "d", current, null);
                    producer.send(new ProducerRecord<>(CHANGES_TOPIC, key, value));
                    records++;
                    value = null; // the tombstone
                    table.remove(id);
                } else {
                    Struct row = events.row(id, i);
                    value = events.event(CHANGES_TOPIC, "u", current, row);
                    table.put(id, row);
                }
                producer.send(new ProducerRecord<>(CHANGES_TOPIC, key, value));
                records++;
            }
        }
        return records;
    }

    /** The unpacked Ferry JDBC sink plugin, as the build leaves it. */
    static Path ferryPlugin() throws IOException {
        return plugin(Path.of("sink-connectors", "jdbc-sink", "target"));
    }

    /** The unpacked plugin a module's build leaves in {@code target}. */
    static Path plugin(Path target) throws IOException {
        try (Stream<Path> entries = Files.list(target)) {
            Path plugin =
                    entries.filter(
                                    p ->
                                            Files.isDirectory(p)
                                                    && p.getFileName()
                                                            .toString()
                                                            .endsWith("-plugin"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "build the plugin first: no *-plugin directory in "
                                                            + target.toAbsolutePath()));
            // It holds the plugin directory, so it is a plugin.path entry as it is.
            return plugin.toAbsolutePath();
        }
    }
}
