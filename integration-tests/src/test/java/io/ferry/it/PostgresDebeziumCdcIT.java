package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

class PostgresDebeziumCdcIT extends AbstractDebeziumCdcIT {
    @Override
    protected LocalDatabase database() {
        return LocalServers.postgres();
    }

    @Override
    protected Map<String, String> connectorConfig(EmbeddedConnectCluster connect) {
        return DebeziumConfigs.postgres(database(), "spine_pg", "public." + TABLE);
    }

    @Override
    protected String topic() {
        return "spine_pg.public." + TABLE;
    }
}
