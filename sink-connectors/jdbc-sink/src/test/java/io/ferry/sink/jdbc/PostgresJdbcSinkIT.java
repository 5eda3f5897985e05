package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;

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
}
