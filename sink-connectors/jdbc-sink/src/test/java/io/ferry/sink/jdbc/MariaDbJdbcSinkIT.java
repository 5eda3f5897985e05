package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.List;

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
