package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a sink's lag counts every partition it subscribes to — a new table's topic it has
 * committed nothing of yet too — or {@code --exit-when-caught-up} ends a run before the sink wrote
 * that table.
 */
class SinkLagIT {
    @Test
    void countsEveryTopicTheSinkReadsWhetherItCommittedThereOrNot() throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        try {
            for (String topic : new String[] {"shop.public.orders", "shop.public.added", "other"}) {
                kafka.createTopic(topic, 1);
            }
            for (int i = 0; i < 5; i++) {
                kafka.produce("shop.public.orders", "k", "v" + i);
            }
            for (int i = 0; i < 3; i++) {
                kafka.produce("shop.public.added", "k", "v" + i);
            }
            kafka.produce("other", "k", "not the sink's");
            // The sink has written all of orders; the table added since, not yet.
            try (Admin admin = kafka.createAdminClient()) {
                admin.alterConsumerGroupOffsets(
                                "connect-to-pg",
                                Map.of(
                                        new TopicPartition("shop.public.orders", 0),
                                        new OffsetAndMetadata(5)))
                        .all()
                        .get();
            }
            Map<String, Predicate<String>> sinks = new LinkedHashMap<>();
            sinks.put("to-pg", SinkLag.subscription(Map.of("topics.regex", "shop\\..*")));
            sinks.put("to-s3", SinkLag.subscription(Map.of("topics", "shop.public.orders, other")));
            sinks.put("to-nothing-yet", SinkLag.subscription(Map.of("topics", "absent")));
            try (SinkLag lag = new SinkLag(kafka.bootstrapServers())) {
                assertEquals(
                        Map.of("to-pg", 3L, "to-s3", 6L, "to-nothing-yet", -1L), lag.behind(sinks));
            }
        } finally {
            kafka.stop();
        }
    }
}
