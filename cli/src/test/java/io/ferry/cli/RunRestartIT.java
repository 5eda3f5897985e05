package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * Path 17 of issue 15, end to end: PostgreSQL → DMS source → JDBC sinks into PostgreSQL and
 * MariaDB, run by {@code ./ferry run}, while a workload writes to a keyed and a keyless table. The
 * worker is stopped (SIGTERM) and later killed (SIGKILL of the JVM running Kafka and Connect)
 * during CDC, and started again each time. Once the workload stops, both targets must hold the
 * source's rows exactly, row by row: a change sent twice would double a keyless row, one lost would
 * be missing.
 */
class RunRestartIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String KEYED = "SELECT id, n, note FROM restartit.keyed ORDER BY id";
    private static final String KEYLESS =
            "SELECT id, txn, note FROM restartit.keyless ORDER BY id, txn, note";
    private static final int PRELOADED = 300;

    private final LocalDatabase pg = LocalServers.postgres();
    private final LocalDatabase maria = LocalServers.mariadb();

    @Test
    void aWorkerStoppedAndKilledDuringCdcLeavesEveryRowExactlyOnce() throws Exception {
        pg.execute(
                "DROP SCHEMA IF EXISTS restartit CASCADE",
                "CREATE SCHEMA restartit",
                "CREATE TABLE restartit.keyed (id int PRIMARY KEY, n int, note text)",
                "CREATE TABLE restartit.keyless (id int, txn int, note text)",
                // Without a key PostgreSQL needs it to publish updates and deletes; the DMS
                // source refuses the table at validation until it is set.
                "ALTER TABLE restartit.keyless REPLICA IDENTITY FULL",
                "INSERT INTO restartit.keyed SELECT g, 0, 'row ' || g FROM"
                        + " generate_series(1, "
                        + PRELOADED
                        + ") g",
                "INSERT INTO restartit.keyless SELECT g, 0, 'loaded' FROM generate_series(1, "
                        + PRELOADED
                        + ") g",
                "DROP DATABASE IF EXISTS restart_target",
                "CREATE DATABASE restart_target");
        maria.execute("DROP DATABASE IF EXISTS restart_target");
        Path dir = Files.createTempDirectory(Path.of("target"), "restart-it");
        Path source = dir.resolve("restartit-source.json");
        Path toPostgres = dir.resolve("restartit-to-postgres.json");
        Path toMariaDb = dir.resolve("restartit-to-mariadb.json");
        Files.writeString(source, sourceConfig());
        Files.writeString(toPostgres, sinkConfig(pg.jdbcUrl("restart_target"), "restartit"));
        Files.writeString(toMariaDb, sinkConfig(maria.jdbcUrl(), "restart_target"));
        String[] run = {
            "run",
            "--data-dir",
            dir.resolve("data").toString(),
            "--connect-port",
            "0",
            source.toString(),
            toPostgres.toString(),
            toMariaDb.toString()
        };

        Workload workload = new Workload();
        FerryProcess first = FerryProcess.start(run);
        try {
            awaitKeyless(PRELOADED, first);
            workload.start();
            awaitKeyless(PRELOADED + 200, first);
        } finally {
            first.terminate();
        }
        FerryProcess second = FerryProcess.start(run);
        try {
            awaitKeyless(workload.keylessRows() + 200, second);
        } finally {
            second.kill();
        }
        FerryProcess third = FerryProcess.start(run);
        try {
            awaitKeyless(workload.keylessRows() + 100, third);
            workload.stop();
            List<String> keyed = pg.rows(KEYED);
            List<String> keyless = pg.rows(KEYLESS);
            TestUtils.waitForCondition(
                    () -> targetRows(KEYED).equals(List.of(keyed, keyed)),
                    TIMEOUT.toMillis(),
                    () -> "the keyed table did not converge: " + third.output());
            TestUtils.waitForCondition(
                    () -> targetRows(KEYLESS).stream().allMatch(t -> t.size() >= keyless.size()),
                    TIMEOUT.toMillis(),
                    () -> "the keyless table did not converge: " + third.output());
            assertSame(keyless, targetRows(KEYLESS).get(0), "PostgreSQL target, keyless");
            assertSame(keyless, targetRows(KEYLESS).get(1), "MariaDB target, keyless");
            assertSame(keyed, targetRows(KEYED).get(0), "PostgreSQL target, keyed");
            assertSame(keyed, targetRows(KEYED).get(1), "MariaDB target, keyed");
        } finally {
            workload.stop();
            third.terminate();
        }
    }

    /** The same rows, as many times each: else the rows missing and doubled, the first few. */
    private static void assertSame(List<String> source, List<String> target, String what) {
        Map<String, Integer> count = new TreeMap<>();
        source.forEach(r -> count.merge(r, 1, Integer::sum));
        target.forEach(r -> count.merge(r, -1, Integer::sum));
        List<String> missing = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        count.forEach(
                (row, n) -> {
                    if (n > 0) {
                        missing.add(row);
                    } else if (n < 0) {
                        doubled.add(row + " (" + (1 - n) + "x)");
                    }
                });
        assertEquals(
                "0 missing, 0 doubled",
                missing.size() + " missing, " + doubled.size() + " doubled",
                what
                        + ": source "
                        + source.size()
                        + " rows, target "
                        + target.size()
                        + "; missing "
                        + missing.subList(0, Math.min(10, missing.size()))
                        + ", doubled "
                        + doubled.subList(0, Math.min(10, doubled.size())));
    }

    /** A query's rows in both targets (each target's database). */
    private List<List<String>> targetRows(String query) {
        return List.of(
                rowsOrNone(pg, "restart_target", query),
                rowsOrNone(maria, "restart_target", query.replace("restartit.", "")));
    }

    private static List<String> rowsOrNone(LocalDatabase db, String database, String query) {
        try {
            return db.rows(database, query);
        } catch (IllegalStateException e) {
            return List.of(); // not created yet
        }
    }

    /** Waits until both targets hold at least {@code rows} keyless rows. */
    private void awaitKeyless(int rows, FerryProcess ferry) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> targetRows(KEYLESS).stream().allMatch(t -> t.size() >= rows),
                TIMEOUT.toMillis(),
                () -> "the targets did not reach " + rows + " keyless rows: " + ferry.output());
    }

    private String sourceConfig() {
        return "{\"connector.class\":\"io.ferry.source.DmsSourceConnector\","
                + "\"source.engine\":\"postgres\",\"migration.type\":\"full-load-and-cdc\","
                + "\"table.mappings\":\"{\\\"rules\\\":[{\\\"rule-type\\\":\\\"selection\\\","
                + "\\\"rule-id\\\":\\\"1\\\",\\\"rule-name\\\":\\\"1\\\",\\\"object-locator\\\":"
                + "{\\\"schema-name\\\":\\\"restartit\\\",\\\"table-name\\\":\\\"%\\\"},"
                + "\\\"rule-action\\\":\\\"include\\\"}]}\","
                + "\"database.hostname\":\"127.0.0.1\",\"database.port\":\""
                + pg.port()
                + "\",\"database.dbname\":\"ferry\",\"database.user\":\"ferry\","
                + "\"database.password\":\"ferry\",\"topic.prefix\":\"restartit\","
                + "\"slot.name\":\"ferry_restartit\",\"publication.name\":\"ferry_restartit\"}";
    }

    private static String sinkConfig(String url, String schema) {
        return "{\"connector.class\":\"io.ferry.sink.jdbc.JdbcSinkConnector\","
                + "\"topics.regex\":\"restartit\\\\.restartit\\\\..*\",\"connection.url\":\""
                + url
                + "\",\"connection.user\":\"ferry\",\"connection.password\":\"ferry\","
                + "\"table.name.format\":\"${source.table}\",\"target.schema\":\""
                + schema
                + "\"}";
    }

    /**
     * Small transactions, one after another until stopped: each inserts three keyless rows and a
     * keyed row and updates a preloaded keyed row.
     */
    private final class Workload {
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicInteger transactions = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        void start() {
            running.set(true);
            thread = new Thread(this::run, "restart-it-workload");
            thread.setDaemon(true);
            thread.start();
        }

        int keylessRows() {
            return PRELOADED + 3 * transactions.get();
        }

        private void run() {
            try (Connection connection = pg.connect();
                    PreparedStatement keyless =
                            connection.prepareStatement(
                                    "INSERT INTO restartit.keyless VALUES (?, ?, ?)");
                    PreparedStatement keyed =
                            connection.prepareStatement(
                                    "INSERT INTO restartit.keyed VALUES (?, 0, ?)");
                    PreparedStatement update =
                            connection.prepareStatement(
                                    "UPDATE restartit.keyed SET n = n + 1 WHERE id = ?")) {
                connection.setAutoCommit(false);
                for (int txn = 1; running.get(); txn++) {
                    for (int row = 0; row < 3; row++) {
                        keyless.setInt(1, PRELOADED + 3 * (txn - 1) + row + 1);
                        keyless.setInt(2, txn);
                        keyless.setString(3, "cdc");
                        keyless.executeUpdate();
                    }
                    keyed.setInt(1, PRELOADED + txn);
                    keyed.setString(2, "txn " + txn);
                    keyed.executeUpdate();
                    update.setInt(1, 1 + txn % PRELOADED);
                    update.executeUpdate();
                    connection.commit();
                    transactions.incrementAndGet();
                    // A steady rate, so each stop lands in the middle of the changes.
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            } catch (SQLException | RuntimeException e) {
                failure.set(e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("the workload failed", failure.get());
            }
        }
    }
}
