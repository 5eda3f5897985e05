package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * PostgreSQL: the native hand-off is the one DMS documents, done safely — a publication, then a
 * logical slot created with an exported snapshot, {@code pg_dump --snapshot} of that snapshot, and
 * CDC from the slot's consistent point.
 */
class DmsSourcePostgresIT extends DmsSourceScenarios {
    /**
     * Issue 16, item 2: an UPDATE that leaves a TOASTed column alone reaches Kafka without its
     * value; every target keeps the 100 KB value — with Debezium's re-select (Ferry's default), and
     * without it (each sink leaves a placeholder's column unchanged).
     */
    @ParameterizedTest(name = "re-selected by the source: {0}")
    @ValueSource(booleans = {true, false})
    void anUnchangedToastedColumnKeepsItsValueInEveryTarget(boolean reselect) throws Exception {
        String name = "postgres_toast_" + (reselect ? "reselected" : "placeholder");
        String table = (reselect ? "reselected" : "placeholder") + "_docs";
        createSchema(name);
        String big = randomText(100_000);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + "."
                                + table
                                + " (id INT PRIMARY KEY, n INT, body TEXT)",
                        "INSERT INTO "
                                + name
                                + "."
                                + table
                                + " VALUES (1, 0, '"
                                + big
                                + "'), (2, 0, 'small')");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        if (!reselect) {
            // A post-processor list of the user's own replaces Ferry's: here one that re-selects
            // nothing, so the placeholders reach the sinks.
            source.put("post.processors", "noop");
            source.put("noop.type", "io.debezium.processors.reselect.ReselectColumnsPostProcessor");
            source.put("noop.reselect.unavailable.values", "false");
            source.put("noop.reselect.null.values", "false");
        }
        connect.configureConnector(name, source);
        String topic = name + "." + name + "." + table;
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                120_000,
                "no topic " + topic);
        List<String> columns = List.of("id", "n", "body");
        String digest = digest(big);
        try (EveryTarget targets = new EveryTarget(connect, name, source.get("table.mappings"))) {
            targets.await(
                    name,
                    table,
                    columns,
                    List.of("1|0|" + digest, "2|0|small"),
                    DmsSourcePostgresIT::view);
            db().execute(
                            "UPDATE " + name + "." + table + " SET n = n + 1",
                            "UPDATE " + name + "." + table + " SET n = n + 1 WHERE id = 1");
            targets.await(
                    name,
                    table,
                    columns,
                    List.of("1|2|" + digest, "2|1|small"),
                    DmsSourcePostgresIT::view);
            // Re-selected: no placeholder in Kafka. Not: the sinks alone kept the value.
            boolean placeholders = false;
            for (var record : connect.kafka().consumeAll(30_000, topic)) {
                placeholders |=
                        new String(record.value(), StandardCharsets.UTF_8)
                                .contains("__debezium_unavailable_value");
            }
            assertEquals(!reselect, placeholders, "placeholders in " + topic);
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * Issue 16, item 5: an unconstrained PostgreSQL numeric keeps every digit where the target can
     * hold it (PostgreSQL, S3's text) and is refused naming the column where it cannot — never
     * rounded: MariaDB's widest decimal(65,30) takes 30 decimals and 35 integer digits. DynamoDB
     * keeps a number of more than its 38 significant digits as a string, every digit kept.
     */
    @Test
    void aNumericBeyondWhatATargetHoldsIsRefusedNeverRounded() throws Exception {
        String name = "postgres_numeric";
        createSchema(name);
        String decimals = "0.1234567890123456789012345678901234567"; // 37 decimals
        String wide = "1234567890123456789012345678901234567890.5"; // 40 integer digits
        db().execute(
                        "CREATE TABLE " + name + ".amounts (id INT PRIMARY KEY, v NUMERIC)",
                        "INSERT INTO "
                                + name
                                + ".amounts VALUES (1, 1.5), (2, "
                                + decimals
                                + "), (3, "
                                + wide
                                + ")");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        connect.configureConnector(name, source);
        String topic = name + "." + name + ".amounts";
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                120_000,
                "no topic " + topic);
        List<String> columns = List.of("id", "v");
        List<String> all = List.of("1|1.5", "2|" + decimals, "3|" + wide);
        Map<String, List<String>> expected =
                Map.of("postgres", all, "s3", all, "mariadb", List.of("1|1.5"), "dynamodb", all);
        try (EveryTarget targets =
                new EveryTarget(connect, name, source.get("table.mappings"), true)) {
            TestUtils.waitForCondition(
                    () -> numbers(targets.rows(name, "amounts", columns)).equals(expected),
                    120_000,
                    () -> "expected " + expected + ": " + targets.rows(name, "amounts", columns));
            List<String> mariadb = targets.refused("to-mariadb", 2);
            assertEquals(2, mariadb.size(), mariadb.toString());
            assertTrue(mariadb.stream().allMatch(m -> m.contains("v")), mariadb.toString());
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * Issue 16, item 3: limited LOB mode cuts each LOB to {@code lob.max.size} KB at the source —
     * in whole UTF-8 characters, loaded and captured alike — so every target holds the same cut
     * value; a table's {@code unlimited} lob-settings keeps its LOBs whole; {@code
     * support.lobs=false} leaves the LOB column out of every row.
     */
    @Test
    void lobSettingsCutOrLeaveOutLobsAsDmsDoes() throws Exception {
        String name = "postgres_lobs";
        createSchema(name);
        String body = "é".repeat(600) + randomText(3000); // 1,200 bytes of é, then ASCII
        String kept = "é".repeat(512); // 1 KB of whole characters
        db().execute(
                        "CREATE TABLE " + name + ".docs (id INT PRIMARY KEY, n INT, body TEXT)",
                        "CREATE TABLE " + name + ".whole (id INT PRIMARY KEY, n INT, body TEXT)",
                        "INSERT INTO "
                                + name
                                + ".docs VALUES (1, 0, '"
                                + body
                                + "'), (2, 0, 'small')",
                        "INSERT INTO " + name + ".whole VALUES (1, 0, '" + body + "')");
        Map<String, String> source = config(name, "full-load-and-cdc", name);
        String mappings =
                source.get("table.mappings")
                        .replaceFirst(
                                "]}$",
                                (",{'rule-type':'table-settings','rule-id':'3','rule-name':'3',"
                                                + "'object-locator':{'schema-name':'"
                                                + name
                                                + "','table-name':'whole'},"
                                                + "'lob-settings':{'mode':'unlimited'}}]}")
                                        .replace('\'', '"'));
        source.put("table.mappings", mappings);
        source.put("transforms.dms.table.mappings", mappings);
        source.put("limited.size.lob.mode", "true");
        source.put("lob.max.size", "1");
        connect.configureConnector(name, source);
        // Sinks subscribe by pattern, which sees a later topic only at a metadata refresh.
        for (String table : List.of("docs", "whole")) {
            String topic = name + "." + name + "." + table;
            TestUtils.waitForCondition(
                    () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                    120_000,
                    "no topic " + topic);
        }
        List<String> columns = List.of("id", "n", "body");
        try (EveryTarget targets = new EveryTarget(connect, name, mappings)) {
            targets.await(
                    name,
                    "docs",
                    columns,
                    List.of("1|0|" + digest(kept), "2|0|small"),
                    DmsSourcePostgresIT::view);
            // Captured changes are cut alike.
            db().execute(
                            "UPDATE " + name + ".docs SET n = 1, body = body || 'x' WHERE id = 2",
                            "UPDATE "
                                    + name
                                    + ".docs SET n = 1, body = '"
                                    + body
                                    + "' WHERE id = 2");
            targets.await(
                    name,
                    "docs",
                    columns,
                    List.of("1|0|" + digest(kept), "2|1|" + digest(kept)),
                    DmsSourcePostgresIT::view);
            targets.await(
                    name,
                    "whole",
                    columns,
                    List.of("1|0|" + digest(body)),
                    DmsSourcePostgresIT::view);
        } finally {
            connect.deleteConnector(name);
        }

        // Without LOB support the column never reaches Kafka; the other columns do.
        String none = "postgres_no_lobs";
        createSchema(none);
        db().execute(
                        "CREATE TABLE " + none + ".docs (id INT PRIMARY KEY, n INT, body TEXT)",
                        "INSERT INTO " + none + ".docs VALUES (1, 7, '" + body + "')");
        Map<String, String> noLobs = config(none, "full-load", none);
        noLobs.put("support.lobs", "false");
        connect.configureConnector(none, noLobs);
        String noLobTopic = none + "." + none + ".docs";
        TestUtils.waitForCondition(
                () -> connect.kafka().describeTopics(noLobTopic).get(noLobTopic).isPresent(),
                120_000,
                "no topic " + noLobTopic);
        try {
            String value = "";
            for (var record : connect.kafka().consume(2, 60_000, noLobTopic)) {
                String text = new String(record.value(), StandardCharsets.UTF_8);
                assertTrue(!text.contains("body") && !text.contains("é"), text);
                if (!text.contains("\"op\":\"p\"")) {
                    value = text;
                }
            }
            assertTrue(value.contains("\"n\":7"), value);
            assertTrue(!value.contains("body") && !value.contains("é"), value);
        } finally {
            connect.deleteConnector(none);
        }
    }

    /**
     * Issue 16, item 3: a row larger than Kafka takes fails the task naming its table and key,
     * rather than an unnamed producer error (or, under errors.tolerance=all, a dropped row).
     */
    @Test
    void aRowTooLargeForKafkaFailsTheTaskNamingTableAndKey() throws Exception {
        String name = "postgres_too_large";
        createSchema(name);
        db().execute(
                        "CREATE TABLE " + name + ".docs (id INT PRIMARY KEY, body TEXT)",
                        "INSERT INTO "
                                + name
                                + ".docs VALUES (1, 'small'), (42, '"
                                + randomText(1_200_000)
                                + "')");
        Map<String, String> source = config(name, "full-load", name);
        // As ferry translate sets it: the size Ferry then holds each row to.
        source.put("producer.override.max.request.size", "1048576");
        connect.configureConnector(name, source);
        try {
            TestUtils.waitForCondition(
                    () -> {
                        var tasks = connect.connectorStatus(name).tasks();
                        return !tasks.isEmpty() && tasks.get(0).state().equals("FAILED");
                    },
                    120_000,
                    "the task did not fail");
            String trace = connect.connectorStatus(name).tasks().get(0).trace();
            assertTrue(
                    trace.contains(
                            "The row of " + name + ".docs with key Struct{id=42} is at least"),
                    trace);
        } finally {
            connect.deleteConnector(name);
        }
    }

    /**
     * Issue 16, item 11: a captured table without a key would refuse UPDATE and DELETE once
     * published; config/validate names it with the statement to run, and passes once it is run.
     */
    @Test
    void aKeylessTableIsNamedAtValidationWithTheStatementThatFixesIt() throws Exception {
        String name = "postgres_keyless";
        createSchema(name);
        db().execute(
                        "CREATE TABLE " + name + ".\"Events\" (at timestamp, what text)",
                        "CREATE TABLE " + name + ".keyed (id int PRIMARY KEY)",
                        "CREATE TABLE " + name + ".secret (v text)");
        Map<String, String> config = config(name, "full-load-and-cdc", name);
        config.put("name", name);
        var infos = connect.validateConnectorConfig("io.ferry.source.DmsSourceConnector", config);
        List<String> errors =
                infos.values().stream()
                        .flatMap(
                                v ->
                                        v.configValue().errors().stream()
                                                .map(e -> v.configValue().name() + ": " + e))
                        .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(
                errors.get(0).startsWith("table.mappings: tables without a primary key")
                        && errors.get(0)
                                .contains(
                                        "ALTER TABLE \"postgres_keyless\".\"Events\" REPLICA"
                                                + " IDENTITY FULL;")
                        && !errors.get(0).contains("secret"),
                errors.get(0));
        // A full load publishes nothing: no such refusal.
        Map<String, String> fullLoad = config(name, "full-load", name);
        fullLoad.put("name", name + "_fl");
        assertEquals(
                0,
                connect.validateConnectorConfig("io.ferry.source.DmsSourceConnector", fullLoad)
                        .errorCount());
        db().execute("ALTER TABLE " + name + ".\"Events\" REPLICA IDENTITY FULL");
        infos = connect.validateConnectorConfig("io.ferry.source.DmsSourceConnector", config);
        assertEquals(0, infos.errorCount(), infos.values().toString());
    }

    /** Rows {@code id|decimal} with each decimal's trailing zeros dropped (MariaDB pads to 30). */
    private static Map<String, List<String>> numbers(Map<String, List<String>> rows) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        rows.forEach(
                (target, list) ->
                        out.put(
                                target,
                                list.stream()
                                        .map(
                                                row -> {
                                                    String[] cells = row.split("\\|");
                                                    return cells.length == 2
                                                                    && cells[1].matches("-?[0-9.]+")
                                                            ? cells[0]
                                                                    + "|"
                                                                    + new java.math.BigDecimal(
                                                                                    cells[1])
                                                                            .stripTrailingZeros()
                                                                            .toPlainString()
                                                            : row;
                                                })
                                        .toList()));
        return out;
    }

    /** {@code id|n|body} with a long body shown by its length and digest. */
    private static String view(String row) {
        String[] cells = row.split("\\|", 3);
        return cells.length < 3 || cells[2].length() < 100
                ? row
                : cells[0] + "|" + cells[1] + "|" + digest(cells[2]);
    }

    private static String digest(String text) {
        try {
            byte[] hash =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return text.length() + ":" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Letters and digits that compress poorly, so PostgreSQL stores them out of line. */
    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(16);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Override
    LocalDatabase db() {
        return LocalServers.postgres();
    }

    @Override
    String engine() {
        return "postgres";
    }

    @Override
    Map<String, String> connection(String name) {
        Map<String, String> config = DebeziumConfigs.connection(db());
        config.put("database.dbname", LocalDatabase.DATABASE);
        config.put("slot.name", name);
        config.put("publication.name", name);
        return config;
    }

    @Override
    void createSchema(String schema) {
        db().execute(
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                                + " WHERE slot_name = '"
                                + schema
                                + "' AND NOT active",
                        "DROP PUBLICATION IF EXISTS " + schema,
                        "DROP SCHEMA IF EXISTS " + schema + " CASCADE",
                        "CREATE SCHEMA " + schema);
    }

    @Override
    Map<String, String> dumpAndRestore(String name, String schema, String target) throws Exception {
        LocalDatabase db = db();
        // The publication first: pgoutput only publishes changes made after it exists.
        db.execute("CREATE PUBLICATION " + name + " FOR TABLE " + schema + ".counters");
        Path dump = Files.createTempFile(name, ".sql");
        String start;
        Properties props = new Properties();
        PGProperty.USER.set(props, LocalDatabase.USER);
        PGProperty.PASSWORD.set(props, LocalDatabase.PASSWORD);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        try (Connection replication = DriverManager.getConnection(db.jdbcUrl(), props)) {
            ReplicationSlotInfo slot =
                    replication
                            .unwrap(PGConnection.class)
                            .getReplicationAPI()
                            .createReplicationSlot()
                            .logical()
                            .withSlotName(name)
                            .withOutputPlugin("pgoutput")
                            .make();
            // The exported snapshot lives while this connection stays open and idle.
            run(
                    List.of(
                            "pg_dump",
                            "-h",
                            db.host(),
                            "-p",
                            Integer.toString(db.port()),
                            "-U",
                            LocalDatabase.USER,
                            "--snapshot=" + slot.getSnapshotName(),
                            "-t",
                            schema + ".counters",
                            "-f",
                            dump.toString(),
                            LocalDatabase.DATABASE));
            start = slot.getConsistentPoint().asString();
        }
        db.execute("DROP DATABASE IF EXISTS " + target, "CREATE DATABASE " + target);
        try (Connection connection =
                DriverManager.getConnection(
                        db.jdbcUrl(target), LocalDatabase.USER, LocalDatabase.PASSWORD)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        }
        run(
                List.of(
                        "psql",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        db.host(),
                        "-p",
                        Integer.toString(db.port()),
                        "-U",
                        LocalDatabase.USER,
                        "-d",
                        target,
                        "-f",
                        dump.toString()));
        return Map.of("cdc.start.position", start);
    }

    @Override
    Map<Integer, Integer> restored(String target, String schema) {
        return counters(db().rows(target, "SELECT id, n FROM " + schema + ".counters"));
    }

    @Override
    boolean captureLeftBehind(String name) {
        return !db().rows("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + name + "'")
                .isEmpty();
    }

    private static void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", LocalDatabase.PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + output);
        }
    }

    @Override
    boolean reportsDdl() {
        return false;
    }
}
