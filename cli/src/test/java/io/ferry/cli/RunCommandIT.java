package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String SINK_USER = "runit_sink";

    /** Distinctive, so that finding it anywhere means it leaked. */
    private static final String SINK_SECRET = "q7Zr-never-shown-9w";

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
                "DROP ROLE IF EXISTS " + SINK_USER,
                "CREATE ROLE " + SINK_USER + " LOGIN PASSWORD '" + SINK_SECRET + "'",
                "CREATE DATABASE run_target OWNER " + SINK_USER);
        Path dir = Files.createTempDirectory(Path.of("target"), "run-it");
        Path source = dir.resolve("runit-source.json");
        Path sink = dir.resolve("runit-sink.json");
        // The sink's password comes from a file, through the worker's FileConfigProvider, which
        // may read only the directories the run's configs name.
        Path secret = Files.createDirectories(dir.resolve("secrets")).resolve("target.properties");
        Files.writeString(secret, "password=" + SINK_SECRET + "\n");
        Files.writeString(source, sourceConfig(pg));
        Files.writeString(
                sink,
                sinkConfig(pg, SINK_USER, "${file:" + secret.toAbsolutePath() + ":password}"));
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
        // Kafka's config topic there holds every connector's password.
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));

        pg.execute(
                "INSERT INTO runit.items SELECT g, 'late ' || g, 1 FROM generate_series(1001, 1005) g",
                "UPDATE runit.items SET price = 99.99 WHERE id = 7");

        FerryProcess second =
                FerryProcess.start(
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
                    () ->
                            "the changes made while stopped did not reach the target: "
                                    + second.output());
            String rest = second.value("Connect REST at (\\S+)");
            String jmx = second.value("JMX at (\\S+)");
            assertTrue(second.lines.contains("runit-source: updated"), second.output());
            // Kafka, its controller, Connect's REST API and JMX: loopback only.
            Set<InetSocketAddress> listening = ListeningSockets.of(second.process.toHandle());
            assertTrue(listening.size() >= 4, "listening: " + listening);
            for (InetSocketAddress socket : listening) {
                assertTrue(socket.getAddress().isLoopbackAddress(), "listening: " + listening);
            }
            // A second run on the same data directory is told at once who holds it.
            FerryProcess third = FerryProcess.start("run", "--data-dir", data.toString());
            boolean refused = third.process.waitFor(1, TimeUnit.MINUTES);
            if (!refused) {
                third.process.destroyForcibly();
            }
            assertTrue(refused, third.output());
            assertEquals(1, third.process.exitValue(), third.output());
            assertTrue(third.output().contains(data + " is in use"), third.output());
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
            // The password read through the config provider is nowhere to be seen: not in what
            // the run printed, ferry status, the worker's log, nor the REST API's config listing.
            String listed =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            rest + "/connectors/runit-sink/config"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertTrue(listed.contains("${file:"), listed);
            for (String seen :
                    List.of(
                            first,
                            second.output(),
                            status.toString(),
                            listed,
                            Files.readString(data.resolve("stack.log")),
                            Files.readString(data.resolve("stack.out")))) {
                assertFalse(seen.contains(SINK_SECRET), "the sink's password was shown");
            }
            // Killed without a chance to stop its stack, the run still takes it down: a stack
            // nobody watches must not go on replicating.
            List<ProcessHandle> stacks = second.process.descendants().toList();
            second.process.destroyForcibly();
            for (ProcessHandle stack : stacks) {
                stack.onExit().get(2, TimeUnit.MINUTES);
            }
        } finally {
            second.process.destroyForcibly();
        }
        // A resumed run knows its load is done — from the stored offsets, not from counters that
        // start at 0 again — and ends once caught up, the change made while stopped applied.
        pg.execute("UPDATE runit.items SET price = 11.11 WHERE id = 8");
        String third =
                runToEnd(
                        "run",
                        "--data-dir",
                        data.toString(),
                        "--connect-port",
                        "0",
                        "--exit-when-caught-up",
                        source.toString(),
                        sink.toString());
        assertTrue(third.contains("100%  loaded"), third);
        assertFalse(third.contains("LOADING"), third);
        assertEquals(
                List.of("11.11"),
                pg.rows("run_target", "SELECT price FROM runit.items WHERE id = 8"));
    }

    @Test
    void aRunWhosePortIsTakenFailsAndSendsNothingToWhatListensThere() throws Exception {
        // Another worker on the port: it must not receive this run's connectors (or passwords).
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer other =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext(
                "/",
                exchange -> {
                    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                    byte[] body = "{\"kafka_cluster_id\":\"someone-else\"}".getBytes();
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        other.start();
        try {
            int port = other.getAddress().getPort();
            Path dir = Files.createTempDirectory(Path.of("target"), "run-port-it");
            Path sink = dir.resolve("taken-sink.json");
            Files.writeString(sink, sinkConfig(LocalServers.postgres(), "ferry", "secret"));
            FerryProcess run =
                    FerryProcess.start(
                            "run",
                            "--data-dir",
                            dir.resolve("data").toString(),
                            "--connect-port",
                            Integer.toString(port),
                            sink.toString());
            assertTrue(run.process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES), run.output());
            assertEquals(1, run.process.exitValue(), run.output());
            // Named before anything starts, or at the latest when the wrong worker answers.
            assertTrue(run.output().contains("port " + port), run.output());
            assertTrue(run.output().contains("choose another --connect-port"), run.output());
            assertTrue(requests.stream().allMatch(r -> r.equals("GET /")), "sent: " + requests);
        } finally {
            other.stop(0);
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

    private static String sinkConfig(LocalDatabase pg, String user, String password) {
        return "{\"connector.class\":\"io.ferry.sink.jdbc.JdbcSinkConnector\","
                + "\"topics.regex\":\"runit\\\\.runit\\\\..*\",\"connection.url\":\""
                + pg.jdbcUrl("run_target")
                + "\",\"connection.user\":\""
                + user
                + "\",\"connection.password\":\""
                + password
                + "\","
                + "\"table.name.format\":\"${source.table}\",\"target.schema\":\"runit\"}";
    }

    private static String runToEnd(String... args) throws Exception {
        FerryProcess ferry = FerryProcess.start(args);
        boolean ended = ferry.process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!ended) {
            ferry.terminate();
        }
        String output = ferry.output();
        assertTrue(ended, "ferry run did not catch up: " + output);
        assertEquals(0, ferry.process.exitValue(), output);
        return output;
    }
}
