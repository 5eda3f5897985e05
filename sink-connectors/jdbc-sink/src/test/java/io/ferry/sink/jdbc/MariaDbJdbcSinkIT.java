package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.List;

class MariaDbJdbcSinkIT extends JdbcSinkScenarios {
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
}
