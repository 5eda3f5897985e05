package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./ferry run} as a user runs it: its own JVM starting Kafka and Connect in another, the
 * plugins from the build's plugin folders, a real PostgreSQL source and target. Stopped and run
 * again on the same data directory, it resumes from the stored offsets: changes made while it was
 * down arrive as changes, nothing is loaded twice.
 */
class RunCommandIT {
    private static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Test
    void migratesThenResumesFromStoredOffsets() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS runit CASCADE",
                "CREATE SCHEMA runit",
                "CREATE TABLE runit.items (id int PRIMARY KEY, name text, price numeric(8,2))",
                "INSERT INTO runit.items SELECT g, 'item ' || g, g * 0.25 FROM"
                        + " generate_series(1, 1000) g",
                "DROP DATABASE IF EXISTS run_target",
                "CREATE DATABASE run_target");
        Path dir = Files.createTempDirectory(Path.of("target"), "run-it");
        Path source = dir.resolve("runit-source.json");
        Path sink = dir.resolve("runit-sink.json");
        Files.writeString(source, sourceConfig(pg));
        Files.writeString(sink, sinkConfig(pg));
        Path data = dir.resolve("data");

        String first =
                runToEnd(
                        "run",
                        "--data-dir",
                        data.toString(),
                        "--connect-port",
                        "0",
                        "--exit-when-caught-up",
                        source.toString(),
                        sink.toString());
        assertTrue(first.contains("runit-source: created"), first);
        assertTrue(first.contains("100%  1,000 / ~1,000"), first);
        assertEquals(List.of("1000"), pg.rows("run_target", "SELECT count(*) FROM runit.items"));

        pg.execute(
                "INSERT INTO runit.items SELECT g, 'late ' || g, 1 FROM generate_series(1001, 1005) g",
                "UPDATE runit.items SET price = 99.99 WHERE id = 7");

        List<String> lines = new CopyOnWriteArrayList<>();
        Process second =
                start(
                        lines,
                        "run",
                        "--data-dir",
                        data.toString(),
                        "--connect-port",
                        "0",
                        source.toString(),
                        sink.toString());
        try {
            TestUtils.waitForCondition(
                    () ->
                            pg.rows("run_target", "SELECT count(*), sum(price) FROM runit.items")
                                    .equals(List.of("1005|" + expectedSum())),
                    TIMEOUT.toMillis(),
                    () -> "the changes made while stopped did not reach the target: " + lines);
            String rest = value(lines, "Connect REST at (\\S+)");
            String jmx = value(lines, "JMX at (\\S+)");
            assertTrue(lines.contains("runit-source: updated"), lines.toString());
            // The resumed source captured exactly the six changes and loaded nothing again.
            StringWriter status = new StringWriter();
            CommandLine command = new CommandLine(new Ferry());
            command.setOut(new PrintWriter(status));
            assertEquals(0, command.execute("status", "--connect-url", rest, "--jmx-url", jmx));
            assertTrue(
                    Pattern.compile("runit-source\\s+runit\\.items\\s+0\\s+5\\s+1\\s+0")
                            .matcher(status.toString())
                            .find(),
                    status.toString());
        } finally {
            second.destroy(); // SIGTERM, as Ctrl-C: the stack stops cleanly
            assertTrue(second.waitFor(2, TimeUnit.MINUTES), "ferry run did not stop");
        }
    }

    private static String expectedSum() {
        // 0.25 * (1 + ... + 1000) - 7 * 0.25 + 99.99 + 5 * 1
        return "125228.24";
    }

    private static String sourceConfig(LocalDatabase pg) {
        return "{\"connector.class\":\"io.ferry.source.DmsSourceConnector\","
                + "\"source.engine\":\"postgres\",\"migration.type\":\"full-load-and-cdc\","
                + "\"table.mappings\":\"{\\\"rules\\\":[{\\\"rule-type\\\":\\\"selection\\\","
                + "\\\"rule-id\\\":\\\"1\\\",\\\"rule-name\\\":\\\"1\\\",\\\"object-locator\\\":"
                + "{\\\"schema-name\\\":\\\"runit\\\",\\\"table-name\\\":\\\"%\\\"},"
                + "\\\"rule-action\\\":\\\"include\\\"}]}\","
                + "\"database.hostname\":\"127.0.0.1\",\"database.port\":\""
                + pg.port()
                + "\",\"database.dbname\":\"ferry\",\"database.user\":\"ferry\","
                + "\"database.password\":\"ferry\",\"topic.prefix\":\"runit\","
                + "\"slot.name\":\"ferry_runit\",\"publication.name\":\"ferry_runit\"}";
    }

    private static String sinkConfig(LocalDatabase pg) {
        return "{\"connector.class\":\"io.ferry.sink.jdbc.JdbcSinkConnector\","
                + "\"topics.regex\":\"runit\\\\.runit\\\\..*\",\"connection.url\":\""
                + pg.jdbcUrl("run_target")
                + "\",\"connection.user\":\"ferry\",\"connection.password\":\"ferry\","
                + "\"table.name.format\":\"${source.table}\",\"target.schema\":\"runit\"}";
    }

    private static String runToEnd(String... args) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Process process = start(lines, args);
        boolean ended = process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!ended) {
            process.destroy();
            process.waitFor(2, TimeUnit.MINUTES);
        }
        String output = String.join("\n", lines);
        assertTrue(ended, "ferry run did not catch up: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static Process start(List<String> lines, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    lines.add(line);
                                }
                            } catch (Exception e) {
                                lines.add("(output lost: " + e + ")");
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static String value(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no line matches " + regex + " in " + lines);
    }
}
