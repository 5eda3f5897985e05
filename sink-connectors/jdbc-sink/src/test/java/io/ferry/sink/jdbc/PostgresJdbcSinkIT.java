package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;

class PostgresJdbcSinkIT extends JdbcSinkScenarios {
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
}
