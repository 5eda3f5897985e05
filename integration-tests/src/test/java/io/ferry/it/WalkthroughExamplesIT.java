package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PostgreSQL and MariaDB walkthrough folders of {@code config-examples/} run end to end: their
 * source and sink JSON as shipped, with only the connection settings (hosts, ports, accounts, AWS
 * endpoint) pointed at the local servers; a full load, then an insert, an update and a delete, must
 * arrive exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkthroughExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "config-examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 120_000;

    private EmbeddedConnectCluster connect;

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(Converters.JSON.workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        // As ferry run's worker: a sink's topics.regex sees a new table's topic within seconds.
        worker.put("consumer.metadata.max.age.ms", "5000");
        connect = ConnectClusters.start("walkthroughs", 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void postgresToAuroraPostgres() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        salesDatabase(pg);
        pg.execute("DROP DATABASE IF EXISTS sales_target", "CREATE DATABASE sales_target");
        try (Connection sales =
                DriverManager.getConnection(pg.jdbcUrl("sales"), "ferry", "ferry")) {
            sales.createStatement()
                    .execute(
                            "CREATE TABLE public.orders (id int PRIMARY KEY, customer text, amount"
                                    + " numeric(10,2), placed timestamptz); INSERT INTO public.orders"
                                    + " SELECT g, 'Zoë ' || g, g * 1.25, timestamptz '2026-01-01"
                                    + " 00:00:00.5+00' + g * interval '1 hour' FROM"
                                    + " generate_series(1, 300) g");
        }
        Map<String, String> source = example("postgres-to-aurora-postgres", "source.json");
        source.putAll(DebeziumConfigs.connection(pg));
        Map<String, String> sink = example("postgres-to-aurora-postgres", "sink.json");
        sink.putAll(jdbc(pg, "sales_target"));
        // The test cluster has one broker; the example's dead-letter topic would want three.
        sink.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.configureConnector("pg-walkthrough-source", source);
        connect.configureConnector("pg-walkthrough-sink", sink);

        String query = "SELECT id, customer, amount, placed FROM public.orders ORDER BY id";
        awaitSame(pg, "sales", pg, "sales_target", query, 300);
        try (Connection sales =
                DriverManager.getConnection(pg.jdbcUrl("sales"), "ferry", "ferry")) {
            sales.createStatement()
                    .execute(
                            "INSERT INTO public.orders VALUES (301, 'late', 1.00, now());"
                                    + " UPDATE public.orders SET amount = 999.99 WHERE id = 7;"
                                    + " DELETE FROM public.orders WHERE id = 8");
        }
        awaitSame(pg, "sales", pg, "sales_target", query, 300);
        delete("pg-walkthrough-source", "pg-walkthrough-sink");
    }

    @Test
    void postgresToS3() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        salesDatabase(pg);
        try (Connection sales =
                DriverManager.getConnection(pg.jdbcUrl("sales"), "ferry", "ferry")) {
            sales.createStatement()
                    .execute(
                            "CREATE SCHEMA dms_sample; CREATE TABLE dms_sample.ticket (id int"
                                    + " PRIMARY KEY, price numeric(8,2), sold boolean); INSERT INTO"
                                    + " dms_sample.ticket SELECT g, g * 0.5, g % 2 = 0 FROM"
                                    + " generate_series(1, 200) g; CREATE TABLE dms_sample.mlb_data"
                                    + " (id int PRIMARY KEY); INSERT INTO dms_sample.mlb_data VALUES"
                                    + " (1), (2)");
        }
        LocalS3 s3 = LocalServers.s3();
        Map<String, String> source = example("postgres-to-s3", "source.json");
        source.putAll(DebeziumConfigs.connection(pg));
        // The other PostgreSQL walkthrough reads the same database: its own slot and publication.
        source.put("slot.name", "ferry_sales_s3");
        source.put("publication.name", "ferry_sales_s3");
        Map<String, String> sink = example("postgres-to-s3", "sink.json");
        // Other tests in this JVM share the S3 server: a bucket of this test's own.
        sink.put("bucket.name", "walkthrough-postgres-to-s3");
        s3.client().createBucket(b -> b.bucket(sink.get("bucket.name")));
        sink.put("s3.endpoint.url", s3.endpoint().toString());
        sink.put("s3.path.style.access", "true");
        sink.put("aws.access.key.id", LocalS3.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalS3.SECRET_KEY);
        // Tuning only: the example waits a minute before closing a CDC file.
        sink.put("cdc.max.batch.interval", "5");
        connect.configureConnector("pg-s3-walkthrough-source", source);
        connect.configureConnector("pg-s3-walkthrough-sink", sink);

        String prefix = "dms/dms_sample/ticket/";
        TestUtils.waitForCondition(
                () -> csvRows(s3, sink.get("bucket.name"), prefix + "LOAD").size() == 200,
                DEADLINE_MS,
                "the full load of dms_sample.ticket did not reach S3");
        assertTrue(
                csvRows(s3, sink.get("bucket.name"), prefix + "LOAD").contains("I,7,3.50,false"),
                csvRows(s3, sink.get("bucket.name"), prefix + "LOAD").toString());
        try (Connection sales =
                DriverManager.getConnection(pg.jdbcUrl("sales"), "ferry", "ferry")) {
            sales.createStatement()
                    .execute(
                            "INSERT INTO dms_sample.ticket VALUES (201, 9.99, true); UPDATE"
                                    + " dms_sample.ticket SET sold = true WHERE id = 7; DELETE FROM"
                                    + " dms_sample.ticket WHERE id = 8");
        }
        TestUtils.waitForCondition(
                () -> cdcRows(s3, sink.get("bucket.name"), prefix).size() == 3,
                DEADLINE_MS,
                "the three changes did not reach S3");
        List<String> changes = cdcRows(s3, sink.get("bucket.name"), prefix);
        // A delete carries the key only (the default replica identity): NULL elsewhere.
        assertEquals(List.of("I,201,9.99,true", "U,7,3.50,true", "D,8,NULL,NULL"), changes);
        // The example's exclude rule: mlb_data is never written.
        assertEquals(List.of(), keys(s3, sink.get("bucket.name"), "dms/dms_sample/mlb_data/"));
        delete("pg-s3-walkthrough-source", "pg-s3-walkthrough-sink");
    }

    @Test
    void mariadbToAuroraMysql() throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        mariadb.execute(
                "DROP DATABASE IF EXISTS migrate",
                "DROP DATABASE IF EXISTS migrate_target",
                "CREATE DATABASE migrate",
                "CREATE DATABASE migrate_target",
                "CREATE TABLE migrate.orders (id int PRIMARY KEY, customer varchar(60), amount"
                        + " decimal(10,2), placed datetime(3))",
                "INSERT INTO migrate.orders SELECT seq, concat('Zoë ', seq), seq * 1.25,"
                        + " timestamp'2026-01-01 00:00:00.5' + interval seq hour FROM seq_1_to_300");
        Map<String, String> source = example("mariadb-to-aurora-mysql", "source.json");
        source.putAll(DebeziumConfigs.connection(mariadb));
        source.put(
                "schema.history.internal.kafka.bootstrap.servers",
                connect.kafka().bootstrapServers());
        Map<String, String> sink = example("mariadb-to-aurora-mysql", "sink.json");
        sink.putAll(jdbc(mariadb, "migrate_target"));
        connect.configureConnector("mariadb-walkthrough-source", source);
        connect.configureConnector("mariadb-walkthrough-sink", sink);

        String query = "SELECT id, customer, amount, placed FROM orders ORDER BY id";
        awaitSame(mariadb, "migrate", mariadb, "migrate_target", query, 300);
        mariadb.execute(
                "INSERT INTO migrate.orders VALUES (301, 'late', 1.00, now(3))",
                "UPDATE migrate.orders SET amount = 999.99 WHERE id = 7",
                "DELETE FROM migrate.orders WHERE id = 8");
        awaitSame(mariadb, "migrate", mariadb, "migrate_target", query, 300);
        delete("mariadb-walkthrough-source", "mariadb-walkthrough-sink");
    }

    private static void salesDatabase(LocalDatabase pg) throws SQLException {
        try (Connection admin = pg.connect()) {
            ResultSet exists =
                    admin.createStatement()
                            .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'sales'");
            if (!exists.next()) {
                admin.createStatement().execute("CREATE DATABASE sales");
            }
        }
    }

    /** The example as shipped, without its name. */
    private static Map<String, String> example(String folder, String file) throws IOException {
        Map<String, String> config =
                new LinkedHashMap<>(
                        JSON.readValue(
                                EXAMPLES.resolve(folder).resolve(file).toFile(),
                                new TypeReference<Map<String, String>>() {}));
        config.remove("name");
        return config;
    }

    private static Map<String, String> jdbc(LocalDatabase db, String database) {
        return Map.of(
                "connection.url", db.jdbcUrl(database),
                "connection.user", LocalDatabase.USER,
                "connection.password", LocalDatabase.PASSWORD);
    }

    private void delete(String... connectors) {
        for (String name : connectors) {
            connect.deleteConnector(name);
        }
    }

    /**
     * Waits until the target holds exactly the source's rows for the query (at least {@code
     * atLeast} of them), then asserts it.
     */
    private static void awaitSame(
            LocalDatabase sourceDb,
            String source,
            LocalDatabase targetDb,
            String target,
            String query,
            int atLeast)
            throws InterruptedException {
        TestUtils.waitForCondition(
                () -> {
                    List<String> expected = sourceDb.rows(source, query);
                    return expected.size() >= atLeast
                            && tryRows(targetDb, target, query).equals(expected);
                },
                DEADLINE_MS,
                () ->
                        "target "
                                + target
                                + " differs from source "
                                + source
                                + ": "
                                + tryRows(targetDb, target, query).size()
                                + " rows vs "
                                + sourceDb.rows(source, query).size());
    }

    /** The rows, or none while the sink has not created the table yet. */
    private static List<String> tryRows(LocalDatabase db, String database, String query) {
        try {
            return db.rows(database, query);
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    private static List<String> keys(LocalS3 s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.client()
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    private static List<String> csvRows(LocalS3 s3, String bucket, String prefix) {
        List<String> rows = new ArrayList<>();
        for (String key : keys(s3, bucket, prefix)) {
            rows.addAll(read(s3, bucket, key));
        }
        return rows;
    }

    /** CDC files: every object under the table's folder but the LOAD files, in name order. */
    private static List<String> cdcRows(LocalS3 s3, String bucket, String tablePrefix) {
        List<String> rows = new ArrayList<>();
        keys(s3, bucket, tablePrefix).stream()
                .filter(k -> !k.substring(tablePrefix.length()).startsWith("LOAD"))
                .sorted()
                .forEach(k -> rows.addAll(read(s3, bucket, k)));
        return rows;
    }

    /** An object's CSV rows as DuckDB reads them, values as text joined by commas. */
    private static List<String> read(LocalS3 s3, String bucket, String key) {
        List<String> rows = new ArrayList<>();
        try {
            Path file = Files.createTempFile("walkthrough", ".csv");
            Files.delete(file);
            s3.client().getObject(b -> b.bucket(bucket).key(key), file);
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    ResultSet result =
                            duck.createStatement()
                                    .executeQuery(
                                            "SELECT * FROM read_csv('"
                                                    + file
                                                    + "', header=false, all_varchar=true,"
                                                    + " nullstr='')")) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        String value = result.getString(i);
                        values.add(value == null ? "" : value);
                    }
                    rows.add(String.join(",", values));
                }
            }
            Files.deleteIfExists(file);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(key + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
