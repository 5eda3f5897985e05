package io.ferry.source.fullload;

import java.sql.SQLException;

/** The engine's {@link DebeziumTables}. */
final class SourceTables {
    private SourceTables() {}

    static DebeziumTables open(FullLoadConfig config) throws SQLException {
        return switch (config.engine()) {
            case POSTGRES -> new PostgresTables(config.debezium());
            case MARIADB -> new MariaDbTables(config.debezium());
            default ->
                    throw new IllegalArgumentException(
                            "Ferry's full load does not read " + config.engine() + " yet");
        };
    }
}
