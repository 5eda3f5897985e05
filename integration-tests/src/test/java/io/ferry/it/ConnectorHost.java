package io.ferry.it;

import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** A Connect cluster a test deploys connectors to, and the Kafka it runs on. */
interface ConnectorHost {
    void configure(String name, Map<String, String> config);

    void delete(String name);

    EmbeddedKafkaCluster kafka();

    /** Kafka's in-process cluster of workers. */
    static ConnectorHost of(EmbeddedConnectCluster connect) {
        return new ConnectorHost() {
            @Override
            public void configure(String name, Map<String, String> config) {
                connect.configureConnector(name, config);
            }

            @Override
            public void delete(String name) {
                connect.deleteConnector(name);
            }

            @Override
            public EmbeddedKafkaCluster kafka() {
                return connect.kafka();
            }
        };
    }
}
