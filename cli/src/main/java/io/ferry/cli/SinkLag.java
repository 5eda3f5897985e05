package io.ferry.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records each sink connector has yet to consume: its consumer group's ({@code
 * connect-NAME}) committed offsets against the topics' committed ends. A sink that has committed
 * nothing yet has no figure (-1).
 *
 * <p>Sources writing in transactions (exactly-once support) leave a commit marker after each
 * transaction: it takes an offset but is no record, and a sink's committed offset stops before it.
 * A small gap is therefore counted record by record, reading committed records only.
 */
final class SinkLag implements AutoCloseable {
    /** Gaps up to this many offsets are counted record by record; larger ones by offsets. */
    private static final long COUNTED = 10_000;

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;

    SinkLag(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.reader =
                new KafkaConsumer<>(
                        consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
                                                            p -> p, p -> OffsetSpec.latest())),
                                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                long end = ends.get(entry.getKey()).offset();
                long at = entry.getValue() == null ? 0 : entry.getValue().offset();
                long gap = Math.max(0, end - at);
                behind += gap > 0 && gap <= COUNTED ? records(entry.getKey(), at, end) : gap;
            }
            lag.put(sink, behind);
        }
        return lag;
    }

    /** The committed records between two offsets: markers take offsets, not records. */
    private long records(TopicPartition partition, long from, long end) {
        reader.assign(List.of(partition));
        reader.seek(partition, from);
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (reader.position(partition) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.offset() < end) {
                    count++;
                }
            }
        }
        return reader.position(partition) < end ? end - from : count;
    }

    @Override
    public void close() {
        reader.close();
        admin.close();
    }
}
