package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL → Debezium → Ferry's JDBC sink (from its plugin archive, two workers, two tasks) into
 * a PostgreSQL and a MariaDB target: every column type arrives with its value, snapshot and
 * streamed changes converge on the source, and a change the target refuses goes to the DLQ with the
 * original record while the rest apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcSinkPipelineScenarios {
    private static final String TYPES =
            "CREATE TABLE types_it.all_types (id bigint PRIMARY KEY, c_small smallint, c_int"
                    + " integer, c_num numeric(12,2), c_varnum numeric, c_real real, c_double double"
                    + " precision, c_bool boolean, c_varchar varchar(40), c_text text, c_char"
                    + " char(5), c_date date, c_time time, c_ts timestamp, c_tstz timestamptz,"
                    + " c_interval interval, c_json json, c_jsonb jsonb, c_uuid uuid, c_bytea bytea,"
                    + " c_bits bit(4))";
    private static final String ROW_1 =
            "INSERT INTO types_it.all_types VALUES (1, -32768, 2147483647, -1234567890.12,"
                    + " 3.14159265358979323846, 1.5, 2.718281828459045, true, 'Grüße',"
                    + " E'tab\\there\\nline \\\\ back', 'ab', '1999-12-31', '23:59:59.123456',"
                    + " '2020-02-29 10:11:12.654321', '2021-06-01 12:00:00.5+02', '1 day"
                    + " 02:03:04.5', '{\"b\": 1, \"a\": [true, null]}', '{\"k\": \"v\"}',"
                    + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10', B'1010')";
    private static final String ROW_2 = "INSERT INTO types_it.all_types (id) VALUES (2)";
    private static final String ROW_3 =
            "INSERT INTO types_it.all_types VALUES (9223372036854775807, 0, 0, 0.00, -0.000001,"
                    + " -0.0, 1e300, false, '', '', '     ', '1970-01-01', '00:00:00', '1970-01-01"
                    + " 00:00:00', '1970-01-01 00:00:00+00', '-00:00:01', '[]', 'null',"
                    + " '00000000-0000-0000-0000-000000000000', '\\x', B'0001')";

    /** Each column as PostgreSQL text, with json and intervals compared by meaning. */
    private static final String COMPARABLE =
            "SELECT id, c_small, c_int, c_num, c_varnum, c_real, c_double, c_bool, c_varchar,"
                    + " c_text, c_char, c_date, c_time, c_ts, c_tstz, extract(epoch from"
                    + " c_interval), c_json::jsonb, c_jsonb, c_uuid, c_bytea, c_bits::text FROM %s"
                    + " ORDER BY id";

    private EmbeddedConnectCluster connect;
    private LocalDatabase pg;
    private LocalDatabase mariadb;

    /** The record format the worker runs with. */
    abstract Converters converters();

    @BeforeAll
    void start() {
        pg = LocalServers.postgres();
        mariadb = LocalServers.mariadb();
        Map<String, String> worker = new HashMap<>(converters().workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("jdbc-pipeline", 2, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void postgresChangesArriveInPostgresAndMariaDb() throws Exception {
        pg.execute(
                "DROP SCHEMA IF EXISTS types_it CASCADE",
                "DROP DATABASE IF EXISTS jdbc_target",
                "CREATE DATABASE jdbc_target",
                "CREATE SCHEMA types_it",
                TYPES,
                "CREATE TABLE types_it.orders (id int PRIMARY KEY, item text, qty int)",
                "ALTER TABLE types_it.all_types REPLICA IDENTITY FULL",
                ROW_1,
                ROW_2,
                ROW_3,
                "INSERT INTO types_it.orders VALUES (1, 'pen', 5), (2, 'ink', 7)");
        mariadb.execute(
                "DROP DATABASE IF EXISTS jdbc_target",
                "CREATE DATABASE jdbc_target",
                "CREATE TABLE jdbc_target.orders (id int PRIMARY KEY, item text, qty int CHECK"
                        + " (qty < 1000))");

        Map<String, String> source =
                DebeziumConfigs.postgres(pg, "jdbcpg", "types_it.all_types,types_it.orders");
        connect.configureConnector("jdbc-source", source);
        connect.configureConnector(
                "to-postgres", sink(pg.jdbcUrl("jdbc_target"), "DROP_AND_CREATE"));
        Map<String, String> toMariaDb = sink(mariadb.jdbcUrl("jdbc_target"), "DO_NOTHING");
        toMariaDb.put("errors.tolerance", "all");
        toMariaDb.put("errors.deadletterqueue.topic.name", "jdbc-dlq");
        toMariaDb.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.configureConnector("to-mariadb", toMariaDb);

        awaitSame("snapshot");

        pg.execute(
                "UPDATE types_it.all_types SET c_text = 'changed', c_num = 1.05 WHERE id = 1",
                "DELETE FROM types_it.all_types WHERE id = 2",
                "INSERT INTO types_it.all_types (id, c_tstz) VALUES (3, '2024-01-01"
                        + " 00:00:00.000001+00')",
                "UPDATE types_it.orders SET qty = 8 WHERE id = 2",
                "INSERT INTO types_it.orders VALUES (3, 'too many', 5000), (4, 'cap', 1)");
        awaitSame("streaming");

        // awaitSame compares MariaDB's all_types only: its orders may still be on the way.
        List<String> expected = List.of("1|pen|5", "2|ink|8", "4|cap|1");
        TestUtils.waitForCondition(
                () ->
                        expected.equals(
                                mariadb.rows("jdbc_target", "SELECT * FROM orders ORDER BY id")),
                60_000,
                () ->
                        "MariaDB orders: "
                                + mariadb.rows("jdbc_target", "SELECT * FROM orders ORDER BY id"));
        ConsumerRecord<byte[], byte[]> dead =
                connect.kafka().consume(1, 30_000, "jdbc-dlq").iterator().next();
        Struct original =
                (Struct)
                        converters()
                                .valueConverter()
                                .toConnectData("jdbcpg.types_it.orders", dead.value())
                                .value();
        assertEquals(5000, original.getStruct("after").getInt32("qty"));
        if (converters() == Converters.AVRO) {
            assertTrue(LocalServers.schemaRegistry().registered() > 0, "records went through Avro");
        }
        assertEquals(
                List.of("orders|3"),
                mariadb.rows(
                        "jdbc_target",
                        "SELECT table_name, kafka_offset FROM ferry_apply_exceptions"));
        assertMariaDbValues();

        connect.deleteConnector("jdbc-source");
        connect.deleteConnector("to-postgres");
        connect.deleteConnector("to-mariadb");
    }

    /**
     * MySQL's own types (unsigned integers, BIT, YEAR, ENUM, SET, TIME beyond 24 hours, JSON) from
     * MariaDB, into MariaDB (the MySQL → Aurora MySQL walkthrough) and into PostgreSQL.
     */
    @Test
    void mariaDbChangesArriveInMariaDbAndPostgres() throws Exception {
        mariadb.execute(
                "DROP DATABASE IF EXISTS types_src",
                "DROP DATABASE IF EXISTS maria_target",
                "CREATE DATABASE types_src",
                "CREATE DATABASE maria_target",
                "CREATE TABLE types_src.all_types (id INT PRIMARY KEY, c_tiny TINYINT, c_utiny"
                        + " TINYINT UNSIGNED, c_med MEDIUMINT, c_ubig BIGINT UNSIGNED, c_dec"
                        + " DECIMAL(30,10), c_float FLOAT, c_double DOUBLE, c_bit BIT(10), c_bool"
                        + " BOOLEAN, c_char CHAR(3), c_varchar VARCHAR(50), c_text TEXT, c_blob BLOB,"
                        + " c_date DATE, c_time TIME(6), c_datetime DATETIME(6), c_ts TIMESTAMP(6)"
                        + " NULL, c_year YEAR, c_enum ENUM('a','b','c'), c_set SET('x','y','z'),"
                        + " c_json JSON)",
                "CREATE TABLE types_src.durations (id INT PRIMARY KEY, c_time TIME(6))",
                "INSERT INTO types_src.all_types VALUES (1, -128, 255, -8388608,"
                        + " 18446744073709551615, 12345678901234567890.0123456789, 1.5, 2.25,"
                        + " b'1010101010', true, 'abc', 'Grüße', 'tab\there\nline', x'00FF',"
                        + " '2024-02-29', '23:59:59.999999', '2024-02-29 23:59:59.999999',"
                        + " '2024-02-29 12:00:00.5', 2024, 'b', 'x,z', '{\"a\": 1}')",
                "INSERT INTO types_src.all_types (id) VALUES (2)",
                "INSERT INTO types_src.durations VALUES (1, '838:59:59'), (2, '-00:00:01.5')");
        pg.execute("DROP DATABASE IF EXISTS maria_target", "CREATE DATABASE maria_target");
        Map<String, String> source =
                DebeziumConfigs.mariadb(
                        mariadb, connect, "jdbcmdb", "types_src.all_types,types_src.durations");
        source.put("database.include.list", "types_src");
        source.put("bigint.unsigned.handling.mode", "precise");
        connect.configureConnector("maria-source", source);
        connect.configureConnector(
                "maria-to-mariadb",
                sink(
                        mariadb.jdbcUrl("maria_target"),
                        "DROP_AND_CREATE",
                        "jdbcmdb.types_src.all_types,jdbcmdb.types_src.durations"));
        connect.configureConnector(
                "maria-to-postgres",
                sink(pg.jdbcUrl("maria_target"), "DROP_AND_CREATE", "jdbcmdb.types_src.all_types"));

        String columns =
                "SELECT id, c_tiny, c_utiny, c_med, c_ubig, c_dec, c_float, c_double, bin(c_bit),"
                        + " c_bool, c_char, c_varchar, c_text, hex(c_blob), c_date, c_time,"
                        + " c_datetime, c_ts, c_year, c_enum, c_set, c_json FROM %s ORDER BY id";
        String durations = "SELECT * FROM %s ORDER BY id";
        TestUtils.waitForCondition(
                () ->
                        mariadb.rows(columns.formatted("types_src.all_types"))
                                        .equals(
                                                safeRows(
                                                        mariadb,
                                                        "maria_target",
                                                        columns.formatted("all_types")))
                                && mariadb.rows(durations.formatted("types_src.durations"))
                                        .equals(
                                                safeRows(
                                                        mariadb,
                                                        "maria_target",
                                                        durations.formatted("durations")))
                                && safeRows(pg, "maria_target", "SELECT id FROM all_types").size()
                                        == 2,
                120_000,
                () ->
                        "source "
                                + mariadb.rows(columns.formatted("types_src.all_types"))
                                + mariadb.rows(durations.formatted("types_src.durations"))
                                + "\nMariaDB target "
                                + safeRows(mariadb, "maria_target", columns.formatted("all_types"))
                                + safeRows(
                                        mariadb, "maria_target", durations.formatted("durations"))
                                + "\nPostgreSQL target "
                                + safeRows(pg, "maria_target", "SELECT * FROM all_types"));
        assertEquals(
                List.of(
                        "1|-128|255|-8388608|18446744073709551615|12345678901234567890.0123456789"
                                + "|1.5|2.25|1010101010|1|abc|Grüße|tab\there\nline|\\x00ff"
                                + "|2024-02-29|23:59:59.999999|2024-02-29 23:59:59.999999"
                                + "|2024-02-29 12:00:00.5+00|2024|b|x,z|{\"a\": 1}",
                        "2|null|null|null|null|null|null|null|null|null|null|null|null|null|null"
                                + "|null|null|null|null|null|null|null"),
                pg.rows(
                        "maria_target",
                        "SELECT id, c_tiny, c_utiny, c_med, c_ubig, c_dec, c_float, c_double,"
                                + " c_bit, c_bool, c_char, c_varchar, c_text, c_blob, c_date,"
                                + " c_time, c_datetime, c_ts, c_year, c_enum, c_set, c_json FROM"
                                + " all_types ORDER BY id"));
        connect.deleteConnector("maria-source");
        connect.deleteConnector("maria-to-mariadb");
        connect.deleteConnector("maria-to-postgres");
    }

    private Map<String, String> sink(String url, String prepMode) {
        return sink(url, prepMode, "jdbcpg.types_it.all_types,jdbcpg.types_it.orders");
    }

    private Map<String, String> sink(String url, String prepMode, String topics) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ferry.sink.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", topics);
        config.put("connection.url", url);
        config.put("connection.user", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("table.name.format", "${source.table}");
        config.put("target.table.prep.mode", prepMode);
        return config;
    }

    /** Waits until both targets hold what the source holds (orders over 1000 excepted). */
    private void awaitSame(String phase) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> {
                    List<String> expected = pg.rows(COMPARABLE.formatted("types_it.all_types"));
                    return expected.equals(
                                    pg.rows(
                                            "jdbc_target",
                                            COMPARABLE.formatted("public.all_types")))
                            && pg.rows("SELECT id FROM types_it.all_types ORDER BY id")
                                    .equals(
                                            mariadb.rows(
                                                    "jdbc_target",
                                                    "SELECT id FROM all_types ORDER BY id"))
                            && pg.rows("SELECT * FROM types_it.orders ORDER BY id")
                                    .equals(
                                            pg.rows(
                                                    "jdbc_target",
                                                    "SELECT * FROM public.orders ORDER BY id"));
                },
                120_000,
                () ->
                        phase
                                + ": source "
                                + pg.rows(COMPARABLE.formatted("types_it.all_types"))
                                + "\nPostgreSQL target "
                                + safeRows(
                                        pg, "jdbc_target", COMPARABLE.formatted("public.all_types"))
                                + "\nMariaDB target "
                                + safeRows(
                                        mariadb,
                                        "jdbc_target",
                                        "SELECT * FROM all_types ORDER BY id"));
    }

    /** The MariaDB target's values of row 1 and row 9223372036854775807, column by column. */
    private void assertMariaDbValues() {
        List<String> rows =
                mariadb.rows(
                        "jdbc_target",
                        "SELECT id, c_small, c_int, c_num, c_varnum, c_real, c_double, c_bool,"
                                + " c_varchar, c_text, c_char, c_date, c_time, c_ts, c_tstz,"
                                + " c_interval, c_json, c_jsonb, c_uuid, hex(c_bytea), bin(c_bits)"
                                + " FROM all_types WHERE id <> 3 ORDER BY id");
        assertEquals(
                List.of(
                        "1|-32768|2147483647|1.05|3.141592653589793238460000000000|1.5"
                                + "|2.718281828459045|1|Grüße|changed|ab   |1999-12-31"
                                + "|23:59:59.123456|2020-02-29 10:11:12.654321"
                                + "|2021-06-01 10:00:00.500000|93784500000"
                                + "|{\"b\": 1, \"a\": [true, null]}|{\"k\": \"v\"}"
                                + "|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|00FF10|1010",
                        "9223372036854775807|0|0|0.00|-0.000001000000000000000000000000|0|1e300"
                                + "|0|||     |1970-01-01|00:00:00.000000|1970-01-01 00:00:00.000000"
                                + "|1970-01-01 00:00:00.000000|-1000000|[]|null"
                                + "|00000000-0000-0000-0000-000000000000||1"),
                rows);
    }

    private static List<String> safeRows(LocalDatabase db, String database, String sql) {
        try {
            return db.rows(database, sql);
        } catch (IllegalStateException e) {
            return List.of(e.getMessage());
        }
    }
}
