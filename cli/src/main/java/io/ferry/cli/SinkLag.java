package io.ferry.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records each sink connector has yet to consume: its consumer group's ({@code
 * connect-NAME}) committed offsets against the topics' ends. A sink that has committed nothing yet
 * has no figure (-1).
 */
final class SinkLag implements AutoCloseable {
    private final Admin admin;

    SinkLag(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
    }

    Map<String, Long> behind(Collection<String> sinks) throws Exception {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String sink : sinks) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("connect-" + sink)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                lag.put(sink, -1L);
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(
                                    committed.keySet().stream()
                                            .collect(
                                                    Collectors.toMap(
                                                            p -> p, p -> OffsetSpec.latest())))
                            .all()
                            .get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                long end = ends.get(entry.getKey()).offset();
                long at = entry.getValue() == null ? 0 : entry.getValue().offset();
                behind += Math.max(0, end - at);
            }
            lag.put(sink, behind);
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}
