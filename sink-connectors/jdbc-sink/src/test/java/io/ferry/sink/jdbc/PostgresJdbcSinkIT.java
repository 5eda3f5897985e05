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
}
