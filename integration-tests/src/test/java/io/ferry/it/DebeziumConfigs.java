package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Debezium source configs for the local databases, one table each. */
final class DebeziumConfigs {
    private DebeziumConfigs() {}

    static Map<String, String> postgres(LocalDatabase db, String prefix, String table) {
        Map<String, String> config = common(db, prefix, table);
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("database.dbname", LocalDatabase.DATABASE);
        config.put("plugin.name", "pgoutput");
        // Slots and publications are per connector: tests must not see each other's tables.
        config.put("slot.name", prefix);
        config.put("slot.drop.on.stop", "true");
        config.put("publication.name", prefix);
        config.put("publication.autocreate.mode", "filtered");
        return config;
    }

    static Map<String, String> mariadb(
            LocalDatabase db, EmbeddedConnectCluster connect, String prefix, String table) {
        Map<String, String> config = common(db, prefix, table);
        config.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        config.put(
                "database.server.id", Integer.toString(5400 + Math.abs(prefix.hashCode() % 1000)));
        config.put("database.ssl.mode", "disable");
        config.put("database.include.list", LocalDatabase.DATABASE);
        config.put(
                "schema.history.internal.kafka.bootstrap.servers",
                connect.kafka().bootstrapServers());
        config.put("schema.history.internal.kafka.topic", "schema-history." + prefix);
        return config;
    }

    /**
     * What a source named {@code name} needs to reach a local database: the connection keys, and
     * per engine its slot and publication (PostgreSQL) or server id and schema history (binlog).
     */
    static Map<String, String> source(
            LocalDatabase db, String bootstrapServers, String name, int serverId) {
        Map<String, String> config = connection(db);
        if (db.engine() == LocalDatabase.Engine.POSTGRES) {
            config.put("database.dbname", LocalDatabase.DATABASE);
            config.put("slot.name", name);
            config.put("publication.name", name);
        } else {
            config.put("database.ssl.mode", "disable");
            config.put("database.server.id", Integer.toString(serverId));
            config.put("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
            config.put("schema.history.internal.kafka.topic", "schema-history." + name);
        }
        return config;
    }

    /** Debezium's connection keys for a local database. */
    static Map<String, String> connection(LocalDatabase db) {
        Map<String, String> config = new HashMap<>();
        config.put("database.hostname", db.host());
        config.put("database.port", Integer.toString(db.port()));
        config.put("database.user", LocalDatabase.USER);
        config.put("database.password", LocalDatabase.PASSWORD);
        return config;
    }

    private static Map<String, String> common(LocalDatabase db, String prefix, String table) {
        Map<String, String> config = connection(db);
        config.put("tasks.max", "1");
        config.put("topic.prefix", prefix);
        config.put("table.include.list", table);
        return config;
    }
}
