package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.File;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * MariaDB: the native hand-off DMS documents — {@code mariadb-dump --single-transaction
 * --master-data=2}, whose header names the binlog file and position the dump is consistent with,
 * then CDC from that {@code file:position}.
 */
class DmsSourceMariaDbIT extends DmsSourceScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANGE_MASTER =
            Pattern.compile("MASTER_LOG_FILE='([^']+)',\\s*MASTER_LOG_POS=(\\d+)");
    private static final Pattern GTID_POSITION = Pattern.compile("gtid_slave_pos='([^']*)'");

    /**
     * Issue 16, item 3: limited LOB mode cuts MariaDB's LOB types (TEXT kinds, BLOB kinds) at the
     * source, and leaves a VARCHAR of the same length whole.
     */
    @Test
    void limitedLobModeCutsTextAndBlobTypesOnly() throws Exception {
        String name = "mariadb_lobs";
        createSchema(name);
        String text = "x".repeat(3000);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + ".docs (id INT PRIMARY KEY, title VARCHAR(3000), body LONGTEXT,"
                                + " note TEXT, scan MEDIUMBLOB)",
                        "INSERT INTO "
                                + name
                                + ".docs VALUES (1, '"
                                + text
                                + "', '"
                                + text
                                + "', '"
                                + text
                                + "', REPEAT('b', 3000))");
        Map<String, String> config = config(name, "full-load", name);
        config.put("limited.size.lob.mode", "true");
        config.put("lob.max.size", "1");
        connect.configureConnector(name, config);
        String topic = name + "." + name + ".docs";
        try {
            TestUtils.waitForCondition(
                    () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                    120_000,
                    "no topic " + topic);
            JsonNode after = null;
            for (ConsumerRecord<byte[], byte[]> record :
                    connect.kafka().consume(2, 60_000, topic)) {
                JsonNode payload = JSON.readTree(record.value()).get("payload");
                if (!"p".equals(payload.get("op").asText())) {
                    after = payload.get("after");
                }
            }
            assertEquals(3000, after.get("title").asText().length());
            assertEquals(1024, after.get("body").asText().length());
            assertEquals(1024, after.get("note").asText().length());
            assertEquals(1024, Base64.getDecoder().decode(after.get("scan").asText()).length);
        } finally {
            connect.deleteConnector(name);
        }
    }

    /** Issue 16, item 5: BIGINT UNSIGNED keeps every digit, above 2^63 too (Debezium: negative). */
    @Test
    void bigintUnsignedArrivesWithEveryDigit() throws Exception {
        String name = "mariadb_unsigned";
        createSchema(name);
        db().execute(
                        "CREATE TABLE "
                                + name
                                + ".counters (id INT PRIMARY KEY, n BIGINT UNSIGNED)",
                        "INSERT INTO "
                                + name
                                + ".counters VALUES (1, 18446744073709551615),"
                                + " (2, 9223372036854775808), (3, 7)");
        connect.configureConnector(name, config(name, "full-load", name));
        String topic = name + "." + name + ".counters";
        Map<String, String> values = new TreeMap<>();
        TestUtils.waitForCondition(
                () -> {
                    for (ConsumerRecord<byte[], byte[]> record :
                            connect.kafka().consumeAll(30_000, topic)) {
                        JsonNode after = JSON.readTree(record.value()).get("payload").get("after");
                        if (after == null || after.isNull()) {
                            continue; // the table's announcement
                        }
                        JsonNode n = after.get("n");
                        // precise: a Decimal, in JSON its unscaled bytes in base64
                        values.put(
                                after.get("id").asText(),
                                n.isTextual()
                                        ? new BigInteger(Base64.getDecoder().decode(n.asText()))
                                                .toString()
                                        : n.asText());
                    }
                    return values.size() == 3;
                },
                120_000,
                "the three rows did not arrive");
        connect.deleteConnector(name);
        assertEquals(
                Map.of("1", "18446744073709551615", "2", "9223372036854775808", "3", "7"), values);
    }

    @Override
    LocalDatabase db() {
        return LocalServers.mariadb();
    }

    @Override
    String engine() {
        return "mariadb";
    }

    @Override
    Map<String, String> connection(String name) {
        Map<String, String> config = DebeziumConfigs.connection(db());
        config.put("database.ssl.mode", "disable");
        config.put("database.server.id", Integer.toString(6400 + Math.abs(name.hashCode() % 1000)));
        config.put(
                "schema.history.internal.kafka.bootstrap.servers",
                connect.kafka().bootstrapServers());
        config.put("schema.history.internal.kafka.topic", "schema-history." + name);
        return config;
    }

    @Override
    void createSchema(String schema) {
        db().execute("DROP DATABASE IF EXISTS " + schema, "CREATE DATABASE " + schema);
    }

    @Override
    Map<String, String> dumpAndRestore(String name, String schema, String target) throws Exception {
        LocalDatabase db = db();
        Path dump = Files.createTempFile(name, ".sql");
        run(
                client(
                        "mariadb-dump",
                        "--single-transaction",
                        "--master-data=2",
                        schema,
                        "counters"),
                null,
                dump.toFile());
        String header = Files.readString(dump);
        Matcher position = CHANGE_MASTER.matcher(header);
        Matcher gtids = GTID_POSITION.matcher(header);
        if (!position.find() || !gtids.find()) {
            throw new IllegalStateException("the dump names no binlog or GTID position");
        }
        db.execute("DROP DATABASE IF EXISTS " + target, "CREATE DATABASE " + target);
        run(client("mariadb", target), dump.toFile(), null);
        return Map.of(
                "cdc.start.position",
                position.group(1) + ":" + position.group(2),
                "cdc.start.gtid.set",
                gtids.group(1));
    }

    @Override
    Map<Integer, Integer> restored(String target, String schema) {
        return counters(db().rows("SELECT id, n FROM " + target + ".counters"));
    }

    @Override
    boolean captureLeftBehind(String name) {
        return !db().rows(
                        "SELECT ID FROM information_schema.PROCESSLIST"
                                + " WHERE COMMAND LIKE 'Binlog Dump%'")
                .isEmpty();
    }

    private List<String> client(String program, String... args) {
        LocalDatabase db = db();
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                program,
                                "-h",
                                db.host(),
                                "-P",
                                Integer.toString(db.port()),
                                "-u",
                                LocalDatabase.USER,
                                "-p" + LocalDatabase.PASSWORD,
                                "--skip-ssl"));
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, File input, File output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (input != null) {
            builder.redirectInput(input);
        }
        Path errors = Files.createTempFile("client", ".err");
        builder.redirectError(errors.toFile());
        builder.redirectOutput(
                output != null
                        ? ProcessBuilder.Redirect.to(output)
                        : ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    command.get(0) + " failed: " + Files.readString(errors));
        }
    }

    @Override
    boolean reportsDdl() {
        return true;
    }
}
