package io.ferry.benchmarks.load;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A PostgreSQL table's full load into Kafka: Debezium's snapshot ({@code
 * snapshot.mode=initial_only}, one thread) beside Ferry's {@code FullLoadSourceConnector} with 1, 2
 * and 4 tasks, the table cut by a DMS {@code ranges} rule on its key into twice as many segments as
 * tasks. Both from the unpacked DMS source plugin, in one Connect worker; time from the connector's
 * creation until the topic holds every row.
 *
 * <p>Arguments: [rows=1000000] [tasks=1,2,4]; {@code -Dferry.converter=avro} for Avro.
 */
public final class FullLoadThroughput {
    private static final String TABLE = "full_load_bench";

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String tasks = args.length > 1 ? args[1] : "1,2,4";
        LocalDatabase pg = LocalServers.postgres();
        Converters format = Converters.fromSystemProperty();
        table(pg, rows);
        Map<String, String> worker = new HashMap<>(format.workerProps());
        worker.put(
                "plugin.path",
                JdbcSinkLoad.plugin(Path.of("source-connectors", "dms-source", "target"))
                        .toString());
        EmbeddedConnectCluster connect = ConnectClusters.start("full-load-bench", 1, worker);
        try {
            ConnectorRuns runs = new ConnectorRuns(connect, worker);
            System.out.printf(
                    "%nFull load of %,d rows (%s), %s; rows/s:%n", rows, format, runs.where());
            double debezium = run(connect, runs, "debezium", debezium(pg), rows);
            for (String count : tasks.split(",")) {
                int n = Integer.parseInt(count.trim());
                double ferry = run(connect, runs, "ferry" + n, ferry(pg, rows, n), rows);
                System.out.printf("  Ferry %d task(s) / Debezium: %.2fx%n", n, ferry / debezium);
            }
        } finally {
            connect.stop();
        }
        System.exit(0);
    }

    /** A 10-column table of {@code rows} rows, made once. */
    private static void table(LocalDatabase pg, long rows) {
        List<String> count =
                pg.rows("SELECT count(*) FROM pg_tables WHERE tablename = '" + TABLE + "'");
        if (count.equals(List.of("1"))
                && pg.rows("SELECT count(*) FROM " + TABLE).equals(List.of(Long.toString(rows)))) {
            return;
        }
        pg.execute(
                "DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE "
                        + TABLE
                        + " (id bigint PRIMARY KEY, c_int int, c_num numeric(12,2), c_double double"
                        + " precision, c_name varchar(40), c_text text, c_ts timestamp(6), c_date"
                        + " date, c_flag boolean, c_uuid uuid)",
                "INSERT INTO "
                        + TABLE
                        + " SELECT g, g % 100000, g * 0.01, g / 3.0, 'name ' || g, repeat('x', 60),"
                        + " TIMESTAMP '2024-01-01' + g * INTERVAL '1 second', DATE '2024-01-01' + (g"
                        + " % 1000)::int, g % 2 = 0, md5(g::text)::uuid FROM generate_series(1, "
                        + rows
                        + ") g",
                "VACUUM ANALYZE " + TABLE);
    }

    private static Map<String, String> connection(LocalDatabase pg) {
        Map<String, String> config = new HashMap<>();
        config.put("database.hostname", pg.host());
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", LocalDatabase.USER);
        config.put("database.password", LocalDatabase.PASSWORD);
        config.put("database.dbname", LocalDatabase.DATABASE);
        return config;
    }

    private static Map<String, String> debezium(LocalDatabase pg) {
        Map<String, String> config = connection(pg);
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("snapshot.mode", "initial_only");
        config.put("table.include.list", "public." + TABLE);
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", "bench_debezium");
        config.put("slot.drop.on.stop", "true");
        config.put("publication.name", "bench_debezium");
        config.put("publication.autocreate.mode", "filtered");
        return config;
    }

    private static Map<String, String> ferry(LocalDatabase pg, long rows, int tasks) {
        Map<String, String> config = connection(pg);
        config.put("connector.class", "io.ferry.source.fullload.FullLoadSourceConnector");
        config.put("source.engine", "postgres");
        config.put("tasks.max", Integer.toString(tasks));
        List<String> boundaries = new ArrayList<>();
        int segments = 2 * tasks;
        for (int i = 1; i < segments; i++) {
            boundaries.add("[" + rows * i / segments + "]");
        }
        String parallelLoad =
                boundaries.isEmpty()
                        ? ""
                        : ",{\"rule-type\":\"table-settings\",\"rule-id\":\"2\",\"rule-name\":\"2\","
                                + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\""
                                + TABLE
                                + "\"},\"parallel-load\":{\"type\":\"ranges\",\"columns\":[\"id\"],"
                                + "\"boundaries\":["
                                + String.join(",", boundaries)
                                + "]}}";
        config.put(
                "table.mappings",
                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                        + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\""
                        + TABLE
                        + "\"},\"rule-action\":\"include\"}"
                        + parallelLoad
                        + "]}");
        return config;
    }

    /** Rows/s from the connector's creation until its topic holds {@code rows} records. */
    private static double run(
            EmbeddedConnectCluster connect,
            ConnectorRuns runs,
            String name,
            Map<String, String> config,
            long rows)
            throws Exception {
        config.put("topic.prefix", name);
        String topic = name + ".public." + TABLE;
        ConnectorRuns.Measured measured;
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(Map.of())) {
            measured = runs.run(name, config, () -> count(consumer, topic), rows);
        }
        double rate = rows / measured.seconds();
        System.out.printf(
                "  %-10s %,10.0f rows/s (%.1f s), %s%n",
                name, rate, measured.seconds(), measured.resources(rows));
        return rate;
    }

    private static long count(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        // Before the connector makes the topic there is none: nothing loaded yet.
        consumer.partitionsFor(topic, java.time.Duration.ofSeconds(5))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
}
