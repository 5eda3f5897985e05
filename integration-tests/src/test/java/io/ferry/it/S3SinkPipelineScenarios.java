package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * PostgreSQL → Debezium → Ferry's S3 sink (from its plugin archive) → S3Proxy, read back with
 * DuckDB: the full load in a LOAD file, the streamed changes in commit-time CDC files with the Op
 * column, values as DMS writes them. Run once per record format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3SinkPipelineScenarios {
    private EmbeddedConnectCluster connect;
    private final LocalS3 s3 = LocalServers.s3();

    @TempDir Path downloads;

    abstract Converters converters();

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(converters().workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("s3-pipeline", 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void postgresChangesLandInTheDataLake() throws Exception {
        String name = "lake_" + converters().name().toLowerCase();
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS " + name + " CASCADE",
                "CREATE SCHEMA " + name,
                "CREATE TABLE "
                        + name
                        + ".orders (id int PRIMARY KEY, amount numeric(10,2), note text, created"
                        + " timestamp, day date)",
                "ALTER TABLE " + name + ".orders REPLICA IDENTITY FULL",
                "INSERT INTO "
                        + name
                        + ".orders VALUES (1, 10.50, 'pen, blue', '2024-02-29 10:11:12.5',"
                        + " '2024-02-29'), (2, NULL, 'ink \"black\"', NULL, NULL)");
        String bucket = name.replace('_', '-');
        s3.client().createBucket(b -> b.bucket(bucket));
        connect.configureConnector(
                name + "-source", DebeziumConfigs.postgres(pg, name, name + ".orders"));
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.sink.s3.S3SinkConnector");
        sink.put("topics", name + "." + name + ".orders");
        sink.put("bucket.name", bucket);
        sink.put("bucket.folder", "dms");
        sink.put("s3.endpoint.url", s3.endpoint().toString());
        sink.put("s3.path.style.access", "true");
        sink.put("aws.region", LocalS3.REGION.id());
        sink.put("aws.access.key.id", LocalS3.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalS3.SECRET_KEY);
        sink.put("cdc.max.batch.interval", "1");
        sink.put("add.column.name", "true");
        connect.configureConnector(name + "-sink", sink);

        // The first full-load file: DMS's name, then the topic's tag, partition and first offset.
        String loadPrefix = "dms/" + name + "/orders/LOAD00000001-";
        TestUtils.waitForCondition(
                () -> keys(bucket).stream().anyMatch(k -> k.startsWith(loadPrefix)),
                60_000,
                () -> "no " + loadPrefix + "* in " + keys(bucket));
        String load = keys(bucket).stream().filter(k -> k.startsWith(loadPrefix)).findFirst().get();
        assertTrue(load.matches(".*/LOAD00000001-[0-9a-f]{8}-0-0000000000-[0-9]{10}\\.csv"), load);
        assertEquals(
                List.of(
                        "1|10.50|pen, blue|2024-02-29 10:11:12.500000|2024-02-29",
                        "2|NULL|ink \"black\"|NULL|NULL"),
                rows(bucket, load));

        pg.execute(
                "INSERT INTO " + name + ".orders VALUES (3, 7.25, 'new', NULL, NULL)",
                "UPDATE " + name + ".orders SET note = 'red' WHERE id = 1",
                "DELETE FROM " + name + ".orders WHERE id = 2");
        TestUtils.waitForCondition(
                () -> cdcRows(bucket, name).size() >= 3,
                60_000,
                () -> "CDC rows so far: " + cdcRows(bucket, name));
        assertEquals(
                List.of(
                        "I|3|7.25|new|NULL|NULL",
                        "U|1|10.50|red|2024-02-29 10:11:12.500000|2024-02-29",
                        "D|2|NULL|ink \"black\"|NULL|NULL"),
                cdcRows(bucket, name));
        connect.deleteConnector(name + "-source");
        connect.deleteConnector(name + "-sink");
    }

    /**
     * Full load and a stream of random changes, through a table-mapping rename, into Parquet:
     * folding the files' {@code Op} rows into current state in DuckDB gives exactly the source.
     */
    @Test
    void mappedParquetFilesReplayToTheSourceTable() throws Exception {
        String name = "replay_" + converters().name().toLowerCase();
        LocalDatabase pg = LocalServers.postgres();
        List<String> setup = new ArrayList<>();
        setup.add("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        setup.add("CREATE SCHEMA " + name);
        setup.add("CREATE TABLE " + name + ".\"Items\" (id int PRIMARY KEY, qty int, label text)");
        setup.add("ALTER TABLE " + name + ".\"Items\" REPLICA IDENTITY FULL");
        setup.add(
                "INSERT INTO "
                        + name
                        + ".\"Items\" SELECT i, i * 10, 'item ' || i FROM generate_series(1, 50) i");
        pg.execute(setup.toArray(String[]::new));
        String bucket = name.replace('_', '-');
        s3.client().createBucket(b -> b.bucket(bucket));
        connect.configureConnector(
                name + "-source", DebeziumConfigs.postgres(pg, name, name + ".Items"));
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.sink.s3.S3SinkConnector");
        sink.put("topics", name + "." + name + ".Items");
        sink.put("bucket.name", bucket);
        sink.put("s3.endpoint.url", s3.endpoint().toString());
        sink.put("s3.path.style.access", "true");
        sink.put("aws.region", LocalS3.REGION.id());
        sink.put("aws.access.key.id", LocalS3.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalS3.SECRET_KEY);
        sink.put("data.format", "parquet");
        sink.put("include.op.for.full.load", "true");
        sink.put("cdc.max.batch.interval", "1");
        sink.put("transforms", "dms");
        sink.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        sink.put(
                "transforms.dms.table.mappings",
                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                        + "\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"%\"},\"rule-action\":\"include\"},"
                        + "{\"rule-type\":\"transformation\",\"rule-id\":\"2\",\"rule-name\":\"2\",\"rule-target\":\"table\","
                        + "\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"Items\"},\"rule-action\":\"rename\","
                        + "\"value\":\"items_v2\"}]}");
        connect.configureConnector(name + "-sink", sink);

        java.util.Random random = new java.util.Random(3);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int id = 1 + random.nextInt(70);
            changes.add(
                    switch (random.nextInt(3)) {
                        case 0 -> "DELETE FROM " + name + ".\"Items\" WHERE id = " + id;
                        case 1 ->
                                "UPDATE "
                                        + name
                                        + ".\"Items\" SET qty = "
                                        + i
                                        + " WHERE id = "
                                        + id;
                        default ->
                                "INSERT INTO "
                                        + name
                                        + ".\"Items\" VALUES ("
                                        + id
                                        + ", "
                                        + i
                                        + ", 'new "
                                        + i
                                        + "') ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label";
                    });
        }
        pg.execute(changes.toArray(String[]::new));
        List<String> source =
                pg.rows("SELECT id, qty, label FROM " + name + ".\"Items\" ORDER BY id");
        TestUtils.waitForCondition(
                () -> source.equals(replay(bucket, name + "/items_v2/")),
                90_000,
                () -> "replayed " + replay(bucket, name + "/items_v2/") + "\nsource " + source);
        connect.deleteConnector(name + "-source");
        connect.deleteConnector(name + "-sink");
    }

    /**
     * The table the Parquet files under {@code prefix} describe: full-load files, then CDC files in
     * name order, each row in file order; the last row of each key wins, and a D row means gone.
     */
    private List<String> replay(String bucket, String prefix) {
        List<String> files = new ArrayList<>();
        for (String key : keys(bucket, prefix)) {
            Path file = downloads.resolve(key.replace('/', '_'));
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            s3.client().getObject(b -> b.bucket(bucket).key(key), file);
            files.add(file.toString());
        }
        if (files.isEmpty()) {
            return List.of();
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            order.append(i == 0 ? "" : ", ")
                    .append("('")
                    .append(files.get(i))
                    .append("', ")
                    .append(i)
                    .append(")");
        }
        String sql =
                "WITH files(name, ord) AS (VALUES "
                        + order
                        + "), changes AS (SELECT c.*, f.ord FROM read_parquet(["
                        + String.join(", ", files.stream().map(f -> "'" + f + "'").toList())
                        + "], filename=true, file_row_number=true) c JOIN files f ON c.filename ="
                        + " f.name), latest AS (SELECT *, row_number() OVER (PARTITION BY id ORDER BY"
                        + " ord DESC, file_row_number DESC) AS rank FROM changes) SELECT id, qty, label"
                        + " FROM latest WHERE rank = 1 AND Op <> 'D' ORDER BY id";
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(
                        result.getString(1)
                                + "|"
                                + result.getString(2)
                                + "|"
                                + result.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    /** Keys under a prefix: full-load files first, then CDC files, each group in name order. */
    private List<String> keys(String bucket, String prefix) {
        List<String> keys =
                s3
                        .client()
                        .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                        .contents()
                        .stream()
                        .map(S3Object::key)
                        .sorted()
                        .toList();
        List<String> ordered =
                new ArrayList<>(keys.stream().filter(k -> k.contains("/LOAD")).toList());
        ordered.addAll(keys.stream().filter(k -> !k.contains("/LOAD")).toList());
        return ordered;
    }

    private List<String> keys(String bucket) {
        return s3
                .client()
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix("dms/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(k -> !k.contains("/_ferry/"))
                .sorted()
                .toList();
    }

    private List<String> cdcRows(String bucket, String name) {
        List<String> rows = new ArrayList<>();
        for (String key : keys(bucket)) {
            if (!key.contains("/LOAD")) {
                rows.addAll(rows(bucket, key));
            }
        }
        return rows;
    }

    /** An object's rows as DuckDB reads them (header row, every value as text). */
    private List<String> rows(String bucket, String key) {
        Path file = downloads.resolve(key.replace('/', '_'));
        List<String> rows = new ArrayList<>();
        try {
            Files.deleteIfExists(file);
            s3.client().getObject(b -> b.bucket(bucket).key(key), file);
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = duck.createStatement();
                    ResultSet result =
                            statement.executeQuery(
                                    "SELECT * FROM read_csv('"
                                            + file
                                            + "', header=true, all_varchar=true, nullstr='')")) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        values.add(result.getString(i));
                    }
                    rows.add(String.join("|", values));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(key + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
