package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./ferry demo} as a newcomer runs it, scaled down: PostgreSQL from the project's script,
 * Kafka + Connect in their own JVM, the three sinks, a workload, and a verdict. The Parquet files
 * it leaves are opened with DuckDB, an independent reader.
 */
class DemoCommandIT {
    private static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();

    /** What a run printed, and every socket its processes were seen listening on. */
    private record Run(int exit, String output, Set<InetSocketAddress> listening) {}

    private static Run ferry(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return new String(process.getInputStream().readAllBytes());
                            } catch (IOException e) {
                                return "(output lost: " + e + ")";
                            }
                        });
        Set<InetSocketAddress> listening = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        // Sampled twice a second while it runs: the servers live as long as the demo does.
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            listening.addAll(ListeningSockets.of(process.toHandle()));
            assertTrue(System.nanoTime() < deadline, "still running: " + listening);
        }
        return new Run(process.exitValue(), output.get(1, TimeUnit.MINUTES), listening);
    }

    @Test
    void migratesTheSampleWhileItChangesAndFindsNoDifference() throws Exception {
        Path dir = Path.of("target", "demo-it").toAbsolutePath();
        Run run =
                ferry(
                        "demo",
                        "--dir",
                        dir.toString(),
                        "--rows",
                        "20000",
                        "--workload-seconds",
                        "10");
        String out = run.output();
        assertEquals(0, run.exit(), out);
        assertTrue(out.contains("VERDICT: VALID, 0 differences"), out);
        // Progress was shown while the full load ran, with the estimate as the total.
        assertTrue(out.contains("/ ~20,000"), out);
        assertTrue(
                out.contains(
                        "dms_sample.sporting_event_ticket -> dms_sample.sporting_event_ticket"),
                out);
        assertTrue(out.contains("DynamoDB vaccine_drive_stats_tab"), out);
        Matcher took = Pattern.compile("demo finished in (\\d+) s").matcher(out);
        assertTrue(took.find(), out);
        assertTrue(Integer.parseInt(took.group(1)) < 300, "slower than five minutes: " + out);
        // S3, DynamoDB Local, Kafka, its controller, Connect's REST API, JMX: loopback only.
        assertTrue(run.listening().size() >= 6, "listening: " + run.listening());
        for (InetSocketAddress socket : run.listening()) {
            assertTrue(socket.getAddress().isLoopbackAddress(), "listening: " + run.listening());
        }

        // The full-load files hold every ticket once; the CDC files carry DMS's Op column.
        Path tickets = dir.resolve("s3/ferry-demo/dms/dms_sample/sporting_event_ticket");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet load =
                        duckdb.createStatement()
                                .executeQuery(
                                        "SELECT count(*), count(DISTINCT id) FROM read_parquet('"
                                                + tickets
                                                + "/LOAD*.parquet')");
                ResultSet cdc =
                        duckdb.createStatement()
                                .executeQuery(
                                        "SELECT count(*) FILTER (WHERE Op = 'D'), count(*) FROM"
                                                + " read_parquet('"
                                                + tickets
                                                + "/**/2*.parquet')")) {
            load.next();
            assertEquals(20000, load.getLong(1));
            assertEquals(20000, load.getLong(2));
            cdc.next();
            assertTrue(cdc.getLong(1) > 0, "deletes in the CDC files");
        }
    }

    @Test
    void refusesToEmptyADirectoryThatIsNotADemo() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "not-a-demo");
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        Run run = ferry("demo", "--dir", dir.toString());
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("not a ferry demo directory"), run.output());
        assertTrue(Files.exists(dir.resolve("precious.txt")));
    }
}
