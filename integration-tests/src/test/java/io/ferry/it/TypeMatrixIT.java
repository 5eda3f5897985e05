package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.it.TypeMatrix.Observed;
import io.ferry.it.TypeMatrix.Target;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 14: every source type of {@link TypeCases}, migrated by the real DMS source into
 * every sink, read back and written as {@code docs/type-matrix.md}. The build fails while that page
 * differs from what arrived, or while a value that does not arrive as the source has it is not
 * explained in its sink's page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypeMatrixIT {
    private static final Path DOCS = Path.of("..", "docs");
    private static final long DEADLINE_MS = 240_000;

    private EmbeddedConnectCluster connect;

    @TempDir Path downloads;

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(Converters.JSON.workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("type-matrix", 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void everyTypeArrivesAsTheMatrixSays() throws Exception {
        List<Observed> observed = new ArrayList<>();
        observed.add(migrate(TypeCases.POSTGRES, LocalServers.postgres()));
        observed.add(migrate(TypeCases.MARIADB, LocalServers.mariadb()));
        String page = TypeMatrix.markdown(observed);
        Files.writeString(Path.of("target", "type-matrix.md"), page);
        Path committed = DOCS.resolve("type-matrix.md");
        if ("true".equals(System.getenv("FERRY_WRITE_TYPE_MATRIX"))) {
            Files.writeString(committed, page);
        }
        assertEquals(
                List.of(),
                TypeMatrix.unexplained(observed, DOCS),
                "values that do not arrive as the source has them, not explained in the sink's"
                        + " page under \""
                        + TypeMatrix.SECTION
                        + "\"");
        assertEquals(
                Files.exists(committed) ? Files.readString(committed) : "",
                page,
                "docs/type-matrix.md differs from what arrived (target/type-matrix.md);"
                        + " regenerate it as the page says");
    }

    private Observed migrate(TypeCases cases, LocalDatabase db) throws Exception {
        String name = name(cases);
        create(cases, db, name);
        insert(cases, db, name, 0);
        Map<String, String> source =
                DmsSourceScenarios.config(
                        DebeziumConfigs.source(db, connect.kafka().bootstrapServers(), name, 7411),
                        cases.engine(),
                        name,
                        "full-load-and-cdc",
                        name);
        connect.configureConnector(name, source);
        for (TypeCases.Type type : cases.types()) {
            String topic = name + "." + name + "." + type.table(cases.prefix());
            // The sinks subscribe by pattern: every topic first.
            TestUtils.waitForCondition(
                    () -> connect.kafka().describeTopics(topic).get(topic).isPresent(),
                    DEADLINE_MS,
                    "no topic " + topic);
        }
        try (var admin = connect.kafka().createAdminClient()) {
            for (String table : List.of("Odd", TypeCases.ODD_COLUMNS_TABLE)) {
                // Debezium puts underscores where Kafka takes no character of the name.
                String topics = name + "." + name + "." + table;
                TestUtils.waitForCondition(
                        () ->
                                admin.listTopics().names().get().stream()
                                        .anyMatch(t -> t.startsWith(topics)),
                        DEADLINE_MS,
                        "no topic " + topics + "…");
            }
        }
        Observed observed = Observed.of(cases);
        try (EveryTarget targets =
                new EveryTarget(connect, name, source.get("table.mappings"), true)) {
            targets.addParquet();
            DmsSourceScenarios.awaitState(name, "CAPTURING");
            insert(cases, db, name, TypeMatrix.CDC);
            for (TypeCases.Type type : cases.types()) {
                observed.source()
                        .put(
                                type.table(cases.prefix()),
                                TargetValues.sql(db, name, type.table(cases.prefix())));
            }
            TestUtils.waitForCondition(
                    () -> missing(observe(observed, targets)).isEmpty(),
                    DEADLINE_MS,
                    5_000,
                    () -> "neither written nor refused: " + missing(observed));
            for (TypeCases.Type type : cases.types()) {
                String table = type.table(cases.prefix());
                String target = targets.target();
                put(
                        observed,
                        Target.POSTGRES,
                        table,
                        TargetValues.sqlType(LocalServers.postgres(), target, table));
                put(
                        observed,
                        Target.MARIADB,
                        table,
                        TargetValues.sqlType(LocalServers.mariadb(), target, table));
                List<Path> files =
                        TargetValues.download(
                                targets, prefix(targets.parquetFolder(), name, table), downloads);
                put(
                        observed,
                        Target.PARQUET,
                        table,
                        files.isEmpty() ? "" : TargetValues.parquetType(files));
                put(observed, Target.DYNAMODB, table, TargetValues.dynamoType(targets, table));
            }
        } finally {
            connect.deleteConnector(name);
            if (cases.engine().equals("postgres")) {
                // A full-load-and-cdc slot stays; it would hold WAL for the rest of the build.
                String slot = "slot_name = '" + name + "'";
                TestUtils.waitForCondition(
                        () -> {
                            db.rows(
                                    "SELECT pg_drop_replication_slot(slot_name) FROM"
                                            + " pg_replication_slots WHERE NOT active AND "
                                            + slot);
                            return db.rows("SELECT 1 FROM pg_replication_slots WHERE " + slot)
                                    .isEmpty();
                        },
                        DEADLINE_MS,
                        "the slot " + name + " stayed active");
            }
        }
        return observed;
    }

    /** The source connector's name, its topic prefix and its schema. */
    private static String name(TypeCases cases) {
        return "tm_" + cases.engine();
    }

    private static void put(Observed observed, Target target, String table, String type) {
        observed.created().computeIfAbsent(target, t -> new TreeMap<>()).put(table, type);
    }

    private static String prefix(String folder, String schema, String table) {
        return folder + "/" + schema + "/" + table + "/";
    }

    /** Reads every target and dead letter topic into {@code observed}. */
    private Observed observe(Observed observed, EveryTarget targets) {
        String name = name(observed.cases());
        for (Target target : Target.values()) {
            Map<String, Map<Integer, String>> arrived = new TreeMap<>();
            for (TypeCases.Type type : observed.cases().types()) {
                String table = type.table(observed.cases().prefix());
                arrived.put(
                        table,
                        switch (target) {
                            case POSTGRES ->
                                    TargetValues.sql(
                                            LocalServers.postgres(), targets.target(), table);
                            case MARIADB ->
                                    TargetValues.sql(
                                            LocalServers.mariadb(), targets.target(), table);
                            case CSV ->
                                    TargetValues.csv(
                                            targets, prefix("dms", name, table), downloads);
                            case PARQUET ->
                                    TargetValues.parquet(
                                            targets,
                                            prefix(targets.parquetFolder(), name, table),
                                            downloads);
                            case DYNAMODB -> TargetValues.dynamo(targets, table);
                        });
            }
            observed.arrived().put(target, arrived);
            observed.names().put(target, names(target, targets, name, "Odd"));
            observed.columnNames()
                    .put(target, names(target, targets, name, TypeCases.ODD_COLUMNS_TABLE));
            observed.refused().put(target, TargetValues.refused(targets, connect, target.sink));
        }
        return observed;
    }

    /** What a target holds of the table of the source schema whose name starts with prefix. */
    private TargetValues.Names names(
            Target target, EveryTarget targets, String schema, String prefix) {
        return switch (target) {
            case POSTGRES ->
                    TargetValues.sqlNames(LocalServers.postgres(), targets.target(), prefix);
            case MARIADB -> TargetValues.sqlNames(LocalServers.mariadb(), targets.target(), prefix);
            case CSV -> TargetValues.s3Names(targets, "dms", schema, prefix, false, downloads);
            case PARQUET ->
                    TargetValues.s3Names(
                            targets, targets.parquetFolder(), schema, prefix, true, downloads);
            case DYNAMODB -> TargetValues.dynamoNames(targets, prefix);
        };
    }

    /** The values some target has neither written nor refused: {@code target table id}. */
    private static List<String> missing(Observed observed) {
        List<String> missing = new ArrayList<>();
        for (Target target : Target.values()) {
            if (observed.namesSettled(target) < 4) {
                missing.add(target.title + " the names tables");
            }
            for (var entry : observed.source().entrySet()) {
                for (int id : entry.getValue().keySet()) {
                    Map<Integer, String> held =
                            observed.arrived()
                                    .getOrDefault(target, Map.of())
                                    .getOrDefault(entry.getKey(), Map.of());
                    boolean there =
                            held.containsKey(id)
                                    || held.containsKey(TargetValues.TABLE)
                                    || observed.refused()
                                            .getOrDefault(target, Map.of())
                                            .getOrDefault(entry.getKey(), Map.of())
                                            .containsKey(id);
                    if (!there) {
                        missing.add(target.title + " " + entry.getKey() + " " + id);
                    }
                }
            }
        }
        return missing;
    }

    private static void create(TypeCases cases, LocalDatabase db, String schema) {
        List<String> sql = new ArrayList<>();
        if (cases.engine().equals("postgres")) {
            sql.add(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE slot_name = '"
                            + schema
                            + "' AND NOT active");
            sql.add("DROP PUBLICATION IF EXISTS " + schema);
            sql.add("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            sql.add("CREATE SCHEMA " + schema);
            sql.add("SET search_path TO " + schema + ", public");
            sql.add("CREATE TYPE mood AS ENUM ('happy', 'sad')");
        } else {
            sql.add("DROP DATABASE IF EXISTS " + schema);
            sql.add("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
        }
        for (TypeCases.Type type : cases.types()) {
            sql.add(
                    "CREATE TABLE "
                            + schema
                            + "."
                            + type.table(cases.prefix())
                            + " (id INT PRIMARY KEY, v "
                            + type.ddl()
                            + ")");
        }
        for (String table : List.of(TypeCases.ODD_TABLE, TypeCases.ODD_COLUMNS_TABLE)) {
            StringBuilder odd =
                    new StringBuilder(
                            "CREATE TABLE "
                                    + schema
                                    + "."
                                    + cases.quote(table)
                                    + " (id INT PRIMARY KEY");
            for (String column : TypeCases.ODD_COLUMNS) {
                odd.append(", ").append(cases.quote(column)).append(" VARCHAR(20)");
            }
            sql.add(odd.append(')').toString());
        }
        db.execute(sql.toArray(String[]::new));
    }

    /** Row {@code base} NULL, row {@code base + i} the type's value {@code i}. */
    private static void insert(TypeCases cases, LocalDatabase db, String schema, int base) {
        List<String> sql = new ArrayList<>();
        if (cases.engine().equals("postgres")) {
            sql.add("SET search_path TO " + schema + ", public");
        } else {
            // Zero dates are what such a source holds; timestamps as UTC.
            sql.add("SET SESSION sql_mode = ''");
            sql.add("SET SESSION time_zone = '+00:00'");
        }
        for (TypeCases.Type type : cases.types()) {
            StringBuilder values = new StringBuilder("(" + base + ", NULL)");
            for (int i = 0; i < type.values().size(); i++) {
                values.append(", (")
                        .append(base + i + 1)
                        .append(", ")
                        .append(type.values().get(i))
                        .append(')');
            }
            sql.add(
                    "INSERT INTO "
                            + schema
                            + "."
                            + type.table(cases.prefix())
                            + " (id, v) VALUES "
                            + values);
        }
        for (String table : List.of(TypeCases.ODD_TABLE, TypeCases.ODD_COLUMNS_TABLE)) {
            StringBuilder odd =
                    new StringBuilder(
                            "INSERT INTO "
                                    + schema
                                    + "."
                                    + cases.quote(table)
                                    + " VALUES ("
                                    + (base + 1));
            for (int i = 0; i < TypeCases.ODD_COLUMNS.size(); i++) {
                odd.append(", '").append(TypeCases.oddValue(i)).append('\'');
            }
            sql.add(odd.append(')').toString());
        }
        db.execute(sql.toArray(String[]::new));
    }
}
