package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

class MariaDbDebeziumCdcIT extends AbstractDebeziumCdcIT {
    @Override
    protected LocalDatabase database() {
        return LocalServers.mariadb();
    }

    @Override
    protected Map<String, String> connectorConfig(EmbeddedConnectCluster connect) {
        return DebeziumConfigs.mariadb(
                database(), connect, "spine_mdb", LocalDatabase.DATABASE + "." + TABLE);
    }

    @Override
    protected String topic() {
        return "spine_mdb." + LocalDatabase.DATABASE + "." + TABLE;
    }
}
