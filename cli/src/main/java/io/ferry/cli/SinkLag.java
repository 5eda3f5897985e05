package io.ferry.cli;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
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
 * How many records each sink connector has yet to consume, over every partition of every topic it
 * subscribes to ({@code topics} or {@code topics.regex}): from its consumer group's ({@code
 * connect-NAME}) committed offset — or from the partition's start where it has committed none yet,
 * as a sink consumer starts there — to the partition's committed end. A sink with no topic to read
 * yet has no figure (-1).
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

    /** The records each sink has yet to consume, by name; its topics by {@code subscribed}. */
    Map<String, Long> behind(Map<String, Predicate<String>> sinks) throws Exception {
        Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        Map<String, Long> lag = new LinkedHashMap<>();
        for (Map.Entry<String, Predicate<String>> sink : sinks.entrySet()) {
            List<String> subscribed = topics.stream().filter(sink.getValue()).sorted().toList();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("connect-" + sink.getKey())
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
            if (!subscribed.isEmpty()) {
                admin.describeTopics(subscribed)
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .values()
                        .forEach(
                                topic ->
                                        topic.partitions()
                                                .forEach(
                                                        p ->
                                                                partitions.add(
                                                                        new TopicPartition(
                                                                                topic.name(),
                                                                                p.partition()))));
            }
            if (partitions.isEmpty()) {
                lag.put(sink.getKey(), -1L);
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    offsets(partitions, OffsetSpec.earliest());
            long behind = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                long from = at == null ? starts.get(partition).offset() : at.offset();
                long end = ends.get(partition).offset();
                long gap = Math.max(0, end - from);
                behind += gap > 0 && gap <= COUNTED ? records(partition, from, end) : gap;
            }
            lag.put(sink.getKey(), behind);
        }
        return lag;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            Set<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Which topics a sink connector reads: the names in {@code topics}, or those {@code
     * topics.regex} matches whole.
     */
    static Predicate<String> subscription(Map<String, String> config) {
        String regex = config.get("topics.regex");
        if (regex != null && !regex.isBlank()) {
            Pattern pattern = Pattern.compile(regex);
            return topic -> pattern.matcher(topic).matches();
        }
        Set<String> names = new HashSet<>();
        for (String name : config.getOrDefault("topics", "").split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names::contains;
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
