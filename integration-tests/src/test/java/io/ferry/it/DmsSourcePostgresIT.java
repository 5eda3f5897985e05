package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * PostgreSQL: the native hand-off is the one DMS documents, done safely — a publication, then a
 * logical slot created with an exported snapshot, {@code pg_dump --snapshot} of that snapshot, and
 * CDC from the slot's consistent point.
 */
class DmsSourcePostgresIT extends DmsSourceScenarios {
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
