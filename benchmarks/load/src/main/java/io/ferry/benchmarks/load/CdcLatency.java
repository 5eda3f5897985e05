package io.ferry.benchmarks.load;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * CDC latency at a steady rate: inserts produced to Kafka at {@code rate} changes/s for {@code
 * seconds}, each carrying its production time (in {@code c_ts}), read at once by Ferry's JDBC sink
 * (with its defaults — a partial batch of live changes waits 50 ms, of a backlog {@code
 * batch.apply.timeout.min}, 1 s — and with {@code batch.apply.timeout.min=0}, every poll's changes
 * written at once) and by Debezium's JDBC sink, each into its own PostgreSQL table whose {@code
 * applied_at} column the database fills as it inserts the row. Latency = {@code applied_at - c_ts}:
 * Kafka, the sink and PostgreSQL, not the source. The worker commits offsets every 60 s, Connect's
 * default.
 *
 * <p>Arguments: [rate=2000] [seconds=60]; {@code -Dferry.converter=avro} for Avro.
 */
public final class CdcLatency {
    private static final String TOPIC = "latency.changes";
    private static final long DEADLINE_MS = 10 * 60 * 1000L;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        LocalDatabase pg = LocalServers.postgres();
        Converters format = Converters.fromSystemProperty();
        Map<String, String> worker = new HashMap<>(format.workerProps());
        worker.put("plugin.path", JdbcSinkLoad.ferryPlugin().toString());
        worker.put("connector.client.config.override.policy", "All");
        worker.put("offset.flush.interval.ms", "60000");
        EmbeddedConnectCluster connect = ConnectClusters.start("latency", 1, worker);
        try {
            run(connect, format, pg, rate, seconds);
        } finally {
            connect.stop();
        }
        System.exit(0);
    }

    private static void run(
            EmbeddedConnectCluster connect,
            Converters format,
            LocalDatabase pg,
            int rate,
            int seconds)
            throws Exception {
        Map<String, Map<String, String>> sinks = new LinkedHashMap<>();
        sinks.put("ferry", ferry("ferry", "1"));
        sinks.put("ferry_timeout_0", ferry("ferry_timeout_0", "0"));
        sinks.put("debezium", debezium());
        connect.kafka().createTopic(TOPIC, 1);
        for (Map.Entry<String, Map<String, String>> sink : sinks.entrySet()) {
            String table = sink.getKey();
            pg.execute("DROP TABLE IF EXISTS " + table);
            // The sinks write the row's columns; the database stamps when each row went in.
            pg.execute(
                    "CREATE TABLE "
                            + table
                            + " (id bigint PRIMARY KEY, c_int int, c_num numeric(12,2), c_double"
                            + " double precision, c_name varchar(40), c_text text, c_ts"
                            + " timestamp(6), c_date date, c_flag boolean, c_uuid varchar(36),"
                            + " applied_at timestamp(6) NOT NULL DEFAULT (clock_timestamp() AT"
                            + " TIME ZONE 'UTC'))");
            Map<String, String> config = sink.getValue();
            config.put("topics", TOPIC);
            config.put("tasks.max", "1");
            connect.configureConnector(table, config);
        }
        long changes = (long) rate * seconds;
        produce(connect, new LoadEvents(format), rate, changes);
        System.out.printf(
                "%nCDC latency: %,d inserts at %,d/s (%s), worker offset commits every 60 s%n",
                changes,
                rate,
                format == Converters.JSON ? "JsonConverter, schemas enabled" : "Avro");
        for (String table : sinks.keySet()) {
            awaitRows(pg, table, changes);
            System.out.printf(
                    "%-18s p50 %,8.0f ms  p99 %,8.0f ms  max %,8.0f ms%n",
                    table,
                    millis(pg, table, "percentile_cont(0.5) WITHIN GROUP (ORDER BY lag)"),
                    millis(pg, table, "percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)"),
                    millis(pg, table, "max(lag)"));
            connect.deleteConnector(table);
        }
    }

    private static Map<String, String> ferry(String table, String timeoutSeconds) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ferry.sink.jdbc.JdbcSinkConnector");
        config.put("connection.url", LocalServers.postgres().jdbcUrl());
        config.put("connection.user", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("table.name.format", table);
        config.put("target.table.prep.mode", "DO_NOTHING");
        config.put("batch.apply.timeout.min", timeoutSeconds);
        return config;
    }

    private static Map<String, String> debezium() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("connection.url", LocalServers.postgres().jdbcUrl());
        config.put("connection.username", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("insert.mode", "upsert");
        config.put("primary.key.mode", "record_key");
        config.put("collection.name.format", "debezium");
        return config;
    }

    /** Inserts at {@code rate}/s, each stamped with the time it is produced (in c_ts, UTC µs). */
    private static void produce(
            EmbeddedConnectCluster connect, LoadEvents events, int rate, long changes)
            throws InterruptedException {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = LoadTopics.producer(connect)) {
            for (long id = 0; id < changes; id++) {
                long due = start + id * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Struct row = events.row(id, 0);
                row.put("c_ts", System.currentTimeMillis() * 1000);
                producer.send(
                        new ProducerRecord<>(
                                TOPIC, events.key(TOPIC, id), events.event(TOPIC, "c", null, row)));
            }
        }
    }

    private static void awaitRows(LocalDatabase pg, String table, long rows)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (count(pg, table) < rows) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(table + " did not reach " + rows + " rows");
            }
            Thread.sleep(500);
        }
    }

    private static long count(LocalDatabase pg, String table) {
        return (long) millis(pg, table, "count(*)");
    }

    /** An aggregate over the rows' lags in ms ({@code lag}); {@code count(*)} works too. */
    private static double millis(LocalDatabase pg, String table, String aggregate) {
        String sql =
                "SELECT "
                        + aggregate
                        + " FROM (SELECT extract(epoch FROM applied_at - c_ts) * 1000 AS lag FROM "
                        + table
                        + ") lags";
        try (Connection connection = pg.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getDouble(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
