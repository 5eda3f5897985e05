package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
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
        database()
                .execute(
                        sessions.stream()
                                .map(id -> "KILL CONNECTION " + id)
                                .toArray(String[]::new));
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
