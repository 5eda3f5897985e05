package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDynamoDb;
import io.ferry.testing.LocalServers;
import io.ferry.testing.TcpProxy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A consumer-group rebalance while the target is down, on a real Connect worker. Connect (4.1)
 * keeps the offsets of the batch whose {@code put} failed when the rebalance takes the partition
 * away and gives it back; once an empty {@code put} succeeds they become its current offsets. A
 * sink that commits what Connect offers would then commit records it never wrote, and lose them at
 * the next restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkRebalanceDuringOutageIT {
    private static final String CONNECTOR = "ddb-rebalance";
    private static final String TOPIC = "outage.rebalance.rebalance_items";
    private static final String TABLE = "rebalance_items";

    private EmbeddedConnectCluster connect;
    private TcpProxy proxy;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> worker = new HashMap<>(Converters.JSON.workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        worker.put("offset.flush.interval.ms", "500");
        connect = ConnectClusters.start("sink-rebalance", 1, worker);
        proxy = new TcpProxy("127.0.0.1", LocalServers.dynamoDb().endpoint().getPort());
    }

    @AfterAll
    void stop() throws java.io.IOException {
        if (connect != null) {
            connect.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theDynamoDbSinkCommitsOnlyWhatItWroteWhenARebalanceComesDuringAnOutage() throws Exception {
        connect.kafka().createTopic(TOPIC, 1);
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.sink.dynamodb.DynamoDbSinkConnector");
        sink.put("tasks.max", "1");
        sink.put("topics", TOPIC);
        sink.put("dynamodb.endpoint.url", "http://127.0.0.1:" + proxy.port());
        sink.put("aws.region", LocalDynamoDb.REGION.id());
        sink.put("aws.access.key.id", LocalDynamoDb.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalDynamoDb.SECRET_KEY);
        sink.put("target.table.prep.mode", "DROP_AND_CREATE");
        sink.put("retry.backoff.ms", "200");
        sink.put("max.retries", "1000");
        sink.put("consumer.override.partition.assignment.strategy", RangeAssignor.class.getName());
        // Every fetch waits 1.5 s for more bytes than there are: the first poll after the
        // rebalance returns nothing, and Connect calls put with no records.
        sink.put("consumer.override.fetch.min.bytes", Integer.toString(50 << 20));
        sink.put("consumer.override.fetch.max.wait.ms", "1500");
        connect.configureConnector(CONNECTOR, sink);
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        produce(1, 5);
        try (DynamoDbClient client = LocalServers.dynamoDb().client()) {
            TestUtils.waitForCondition(
                    () -> ids(client).size() == 5 && committed(partition) == 5,
                    60_000,
                    () -> "written: " + ids(client) + ", committed " + committed(partition));

            proxy.cut();
            produce(6, 10);
            // Read, not written: the put fails (and is retried) while DynamoDB is away, and the
            // partition stays paused until the batch is written.
            TestUtils.waitForCondition(
                    () -> metric("sink-record-read-total") > 5, 60_000, "nothing read after 5");
            double read = metric("sink-record-read-total");
            rebalance();
            // After the rebalance Connect reads from the committed offset again; commits follow
            // while DynamoDB is still away.
            TestUtils.waitForCondition(
                    () -> metric("sink-record-read-total") > read, 60_000, "nothing read again");
            double commits = metric("offset-commit-completion-total");
            TestUtils.waitForCondition(
                    () -> metric("offset-commit-completion-total") >= commits + 3,
                    60_000,
                    "no offset commit");
            assertEquals(
                    5,
                    committed(partition),
                    "committed past the 5 records DynamoDB holds: " + ids(client));

            proxy.restore();
            TestUtils.waitForCondition(
                    () -> ids(client).size() == 10 && committed(partition) == 10,
                    120_000,
                    () -> "written: " + ids(client) + ", committed " + committed(partition));
            assertEquals(
                    new TreeSet<>(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)), ids(client));
        }
    }

    /**
     * Another member joins the sink's consumer group (for a topic of its own) and leaves: the
     * task's partition is revoked and assigned to it again, as when a worker comes or goes.
     */
    private void rebalance() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-" + CONNECTOR);
        props.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        connect.kafka().createTopic(TOPIC + ".other", 1);
        AtomicBoolean joined = new AtomicBoolean();
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(props)) {
            member.subscribe(
                    List.of(TOPIC + ".other"),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(
                                java.util.Collection<TopicPartition> partitions) {}

                        @Override
                        public void onPartitionsAssigned(
                                java.util.Collection<TopicPartition> partitions) {
                            joined.set(true);
                        }
                    });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!joined.get()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never joined the sink's consumer group");
                }
                member.poll(Duration.ofMillis(200));
            }
        }
    }

    private void produce(long from, long to) {
        for (long id = from; id <= to; id++) {
            String key =
                    "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"int64\"}]},"
                            + "\"payload\":{\"id\":"
                            + id
                            + "}}";
            String value =
                    "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"int64\"},"
                            + "{\"field\":\"note\",\"type\":\"string\"}]},"
                            + "\"payload\":{\"id\":"
                            + id
                            + ",\"note\":\"row "
                            + id
                            + "\"}}";
            connect.kafka().produce(TOPIC, key, value);
        }
    }

    private long committed(TopicPartition partition) {
        Map<String, Object> props =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        connect.kafka().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            OffsetAndMetadata offset =
                    admin.listConsumerGroupOffsets("connect-" + CONNECTOR)
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading the sink's committed offsets", e);
        }
    }

    private static double metric(String name) throws Exception {
        Object value =
                ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(
                                new ObjectName(
                                        "kafka.connect:type=sink-task-metrics,connector="
                                                + CONNECTOR
                                                + ",task=0"),
                                name);
        return ((Number) value).doubleValue();
    }

    private static Set<Long> ids(DynamoDbClient client) {
        Set<Long> ids = new TreeSet<>();
        try {
            client.scanPaginator(b -> b.tableName(TABLE).consistentRead(true))
                    .items()
                    .forEach(item -> ids.add(Long.parseLong(item.get("id").n())));
        } catch (ResourceNotFoundException e) {
            return ids;
        }
        return ids;
    }
}
