package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class MariaDbJdbcSinkIT extends JdbcSinkFaultScenarios {
    @Override
    LocalDatabase database() {
        return LocalServers.mariadb();
    }

    @Override
    String qualified(String table) {
        return LocalDatabase.DATABASE + "." + table;
    }

    @Override
    void killOtherSessions() {
        List<String> sessions =
                new SinkHarness(database())
                        .query(
                                "SELECT id FROM information_schema.processlist WHERE id <>"
                                        + " CONNECTION_ID() AND user = 'ferry'");
        for (String id : sessions) {
            try {
                database().execute("KILL CONNECTION " + id);
            } catch (IllegalStateException e) {
                // A session that ended since it was listed (error 1094) is gone already.
                if (!String.valueOf(e.getMessage()).contains("Unknown thread id")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Issue 16, item 10: into a database whose default character set is latin1 (a common server
     * default), text beyond latin1 arrives as it is, and keys differing only in case or in trailing
     * spaces stay different rows.
     */
    @Test
    void textBeyondLatin1ArrivesInADatabaseWhoseDefaultIsLatin1() {
        SinkHarness harness = new SinkHarness(database());
        String schema = SinkHarness.unique("latin1_target");
        database().execute("CREATE DATABASE " + schema + " CHARACTER SET latin1");
        String topic = SinkHarness.unique("charset");
        Schema row =
                SchemaBuilder.struct()
                        .optional()
                        .field("code", Schema.STRING_SCHEMA)
                        .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Events events = new Events(topic, row, List.of("code"));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.TARGET_SCHEMA, schema);
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.commit(
                List.of(
                        events.create(events.row("a", "✓ done 😀")),
                        events.create(events.row("A", "Ünïcødé")),
                        events.create(events.row("a ", "trailing space"))));
        sink.stop();
        assertEquals(
                List.of("A|Ünïcødé", "a|✓ done 😀", "a |trailing space"),
                harness.rows(schema + "." + topic, "code COLLATE utf8mb4_nopad_bin"));
    }

    /**
     * Issue 16, item 15: on a server that is not strict (MySQL 5.6's default, an RDS parameter
     * group without it), a value too long for its column is refused — to the DLQ, as on a strict
     * one — never cut to fit with a warning.
     */
    @Test
    void aValueTooLongIsRefusedAlsoWhereTheServerIsNotStrict() {
        SinkHarness harness = new SinkHarness(database());
        String topic = SinkHarness.unique("lenient");
        database()
                .execute(
                        "CREATE TABLE "
                                + qualified(topic)
                                + " (id int PRIMARY KEY, name varchar(5), qty bigint)");
        Events events = new Events(topic, ROW, List.of("id"));
        List<SinkRecord> records =
                List.of(
                        events.create(events.row(1, "ok", 1L)),
                        events.create(events.row(2, "much too long", 2L)),
                        events.create(events.row(3, "fine", 3L)));
        Map<String, String> props = harness.props(SinkHarness.unique("sink"));
        props.put(JdbcSinkConfig.URL, database().jdbcUrl() + "?sessionVariables=sql_mode=''");
        props.put("errors.tolerance", "all");
        SinkHarness.Running sink = harness.start(props, Set.of(partition(topic)));
        sink.putAndCommit(records);
        sink.stop();
        assertEquals(List.of("1|ok|1", "3|fine|3"), harness.rows(qualified(topic), "id"));
        assertEquals(List.of(records.get(1)), sink.context().reported);
    }

    /**
     * Issue 16, item 15: varchar(n) for every column of a declared length, within InnoDB's limits —
     * the widest become longtext where a row's varchars would pass 65,535 bytes, and a key's
     * varchars share its 3,072 bytes — so the table is created and holds its rows.
     */
    @Test
    void wideTablesAndKeysAreCreatedWithinInnoDbsLimits() {
        SinkHarness harness = new SinkHarness(database());
        String topic = SinkHarness.unique("wide");
        SchemaBuilder builder =
                SchemaBuilder.struct()
                        .optional()
                        .field("region", varchar(600, false))
                        .field("code", varchar(600, false));
        for (int i = 0; i < 20; i++) {
            builder.field("c" + i, varchar(1000 + i, true));
        }
        Schema row = builder.build();
        Events events = new Events(topic, row, List.of("region", "code"));
        Object[] values = new Object[22];
        values[0] = "eu";
        values[1] = "x".repeat(300);
        for (int i = 0; i < 20; i++) {
            values[i + 2] = "é".repeat(1000 + i);
        }
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        sink.putAndCommit(List.of(events.create(events.row(values))));
        sink.stop();
        assertEquals(
                List.of("eu|300|1000|1019"),
                harness.query(
                        "SELECT region, char_length(code), char_length(c0), char_length(c19) FROM "
                                + qualified(topic)));
        List<String> types =
                harness.query(
                        "SELECT column_type FROM information_schema.columns WHERE table_schema = '"
                                + LocalDatabase.DATABASE
                                + "' AND table_name = '"
                                + topic
                                + "' ORDER BY ordinal_position");
        assertEquals(List.of("varchar(384)", "varchar(384)"), types.subList(0, 2));
        assertEquals("varchar(1000)", types.get(2), types.toString());
        assertEquals("longtext", types.get(21), types.toString());
    }

    /**
     * Columns of 255 bytes or less stay in InnoDB's page, whose half-page limit (8,126 bytes) a
     * table of 40 varchar(60) — 240 bytes each in utf8mb4 — would pass: enough of them are created
     * as longtext for the table to be created and hold full rows.
     */
    @Test
    void manyShortVarcharsFitInnoDbsPage() {
        SinkHarness harness = new SinkHarness(database());
        String topic = SinkHarness.unique("many");
        SchemaBuilder builder = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA);
        Object[] values = new Object[41];
        values[0] = 1;
        for (int i = 0; i < 40; i++) {
            builder.field("c" + i, varchar(60, true));
            values[i + 1] = "ü".repeat(60);
        }
        Events events = new Events(topic, builder.build(), List.of("id"));
        SinkHarness.Running sink =
                harness.start(harness.props(SinkHarness.unique("sink")), Set.of(partition(topic)));
        sink.putAndCommit(List.of(events.create(events.row(values))));
        sink.stop();
        assertEquals(
                List.of("1|60|60"),
                harness.query(
                        "SELECT id, char_length(c0), char_length(c39) FROM " + qualified(topic)));
        List<String> types =
                harness.query(
                        "SELECT column_type FROM information_schema.columns WHERE table_schema = '"
                                + LocalDatabase.DATABASE
                                + "' AND table_name = '"
                                + topic
                                + "' AND column_type = 'varchar(60)'");
        assertTrue(types.size() >= 20, "varchar(60) columns kept: " + types.size());
    }

    private static Schema varchar(int length, boolean optional) {
        SchemaBuilder builder =
                SchemaBuilder.string()
                        .parameter("__debezium.source.column.type", "VARCHAR")
                        .parameter("__debezium.source.column.length", Integer.toString(length));
        return optional ? builder.optional().build() : builder.build();
    }

    @Override
    void failWrites(String table, boolean on) {
        String trigger = qualified(table + "_disk_full");
        if (!on) {
            database().execute("DROP TRIGGER " + trigger);
            return;
        }
        // 1114 ER_RECORD_FILE_FULL, as MariaDB reports a full disk or table.
        database()
                .execute(
                        "CREATE TRIGGER "
                                + trigger
                                + " BEFORE INSERT ON "
                                + qualified(table)
                                + " FOR EACH ROW SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1114,"
                                + " MESSAGE_TEXT = '"
                                + DISK_FULL
                                + "'");
    }
}
