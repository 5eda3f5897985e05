package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import org.junit.jupiter.api.Test;

class PostgresJdbcSinkIT extends JdbcSinkFaultScenarios {
    @Override
    LocalDatabase database() {
        return LocalServers.postgres();
    }

    @Override
    String qualified(String table) {
        return "public." + table;
    }

    @Override
    void killOtherSessions() {
        database()
                .execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <>"
                                + " pg_backend_pid() AND usename = 'ferry' AND backend_type ="
                                + " 'client backend'");
    }

    @Override
    void failWrites(String table, boolean on) {
        if (!on) {
            database().execute("DROP TRIGGER disk_full ON " + qualified(table));
            return;
        }
        database()
                .execute(
                        "CREATE OR REPLACE FUNCTION public.ferry_test_disk_full() RETURNS trigger"
                                + " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not"
                                + " extend file: "
                                + DISK_FULL
                                + "' USING ERRCODE = '53100'; END $$",
                        "CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE OR DELETE ON "
                                + qualified(table)
                                + " FOR EACH ROW EXECUTE FUNCTION public.ferry_test_disk_full()");
    }

    /** A varchar without a length holds any value: a declared length never narrows it. */
    @Test
    void anUnboundedVarcharIsNeverNarrowed() {
        SinkHarness harness = harness();
        String topic = SinkHarness.unique("unbounded");
        database()
                .execute(
                        "CREATE TABLE " + qualified(topic) + " (id int PRIMARY KEY, name varchar)");
        Events events = new Events(topic, declared(5), java.util.List.of("id"));
        SinkHarness.Running sink =
                harness.start(
                        harness.props(SinkHarness.unique("sink")),
                        java.util.Set.of(partition(topic)));
        sink.putAndCommit(java.util.List.of(events.create(events.row(1, "short"))));
        sink.stop();
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("character varying"),
                harness.query(
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid"
                                + " = '"
                                + qualified(topic)
                                + "'::regclass AND attname = 'name'"));
    }
}
