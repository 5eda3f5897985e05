package io.ferry.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a connector config written for a real cluster needs to run on the local one-broker stack:
 * Debezium's schema history pointed at the local Kafka, and a dead-letter topic with one replica.
 * Each change is reported; nothing else is touched.
 */
final class LocalAdjustments {
    private static final String HISTORY_BOOTSTRAP =
            "schema.history.internal.kafka.bootstrap.servers";
    private static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";
    private static final String DLQ_REPLICATION = "errors.deadletterqueue.topic.replication.factor";

    private LocalAdjustments() {}

    /** The config as deployed locally, and a line per key changed. */
    record Adjusted(ConnectorConfig connector, List<String> notes) {}

    static Adjusted apply(ConnectorConfig connector, String bootstrapServers) {
        Map<String, String> config = new LinkedHashMap<>(connector.config());
        List<String> notes = new ArrayList<>();
        if (config.containsKey(HISTORY_BOOTSTRAP)
                && !bootstrapServers.equals(config.get(HISTORY_BOOTSTRAP))) {
            notes.add(
                    HISTORY_BOOTSTRAP
                            + ": "
                            + config.get(HISTORY_BOOTSTRAP)
                            + " -> "
                            + bootstrapServers
                            + " (the local Kafka)");
            config.put(HISTORY_BOOTSTRAP, bootstrapServers);
        }
        if (!config.getOrDefault(DLQ_TOPIC, "").isBlank()
                && !"1".equals(config.get(DLQ_REPLICATION))) {
            notes.add(
                    DLQ_REPLICATION
                            + ": "
                            + config.getOrDefault(DLQ_REPLICATION, "3 (default)")
                            + " -> 1 (one local broker)");
            config.put(DLQ_REPLICATION, "1");
        }
        return new Adjusted(new ConnectorConfig(connector.name(), config), notes);
    }
}
