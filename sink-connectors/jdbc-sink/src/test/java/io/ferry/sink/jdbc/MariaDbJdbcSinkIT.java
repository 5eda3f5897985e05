package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;

class MariaDbJdbcSinkIT extends JdbcSinkScenarios {
    @Override
    LocalDatabase database() {
        return LocalServers.mariadb();
    }

    @Override
    String qualified(String table) {
        return LocalDatabase.DATABASE + "." + table;
    }
}
