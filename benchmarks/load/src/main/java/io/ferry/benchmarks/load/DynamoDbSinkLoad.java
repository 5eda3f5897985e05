package io.ferry.benchmarks.load;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDynamoDb;
import io.ferry.testing.LocalServers;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB sink's throughput: Debezium snapshot events already in Kafka, one worker, DynamoDB
 * Local in the same JVM. Ferry with {@code parallel.load.threads} beside a bare AWS SDK loop of
 * {@code BatchWriteItem} calls with the same thread count writing the same items.
 *
 * <p>Arguments: [rows=200000] [threads=8] [parallel.load.buffer.size=50]; {@code
 * -Dferry.converter=avro} for Avro records.
 */
public final class DynamoDbSinkLoad {
    private static final String TOPIC = "ddbload.public.rows";

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000L;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String buffer = args.length > 2 ? args[2] : "50";
        Converters format = Converters.fromSystemProperty();
        LocalDynamoDb dynamo = LocalServers.dynamoDb();
        Map<String, String> worker = new HashMap<>(format.workerProps());
        worker.put("plugin.path", Files.createTempDirectory("no-plugins").toString());
        worker.put("connector.client.config.override.policy", "All");
        EmbeddedConnectCluster connect = ConnectClusters.start("ddbload", 1, worker);
        try (DynamoDbClient client = dynamo.client()) {
            LoadEvents events = new LoadEvents(format);
            long bytes = LoadTopics.snapshot(connect, events, TOPIC, rows);
            System.out.printf(
                    "%nDynamoDB sink load: %,d rows, %,d bytes a record (%s), %d writer threads%n",
                    rows, bytes / rows, format.name(), threads);
            double bare = rows / bare(client, events, rows, threads);
            LoadTopics.resetPeakHeap();
            double ferry = rows / ferry(connect, dynamo, rows, threads, buffer);
            System.out.printf(
                    "ferry %,9.0f items/s  bare SDK BatchWriteItem %,9.0f items/s  ferry/bare %4.2fx"
                            + "  peak heap %,d MB%n",
                    ferry, bare, ferry / bare, LoadTopics.peakHeapMb());
        } finally {
            connect.stop();
        }
        System.exit(0);
    }

    private static double ferry(
            EmbeddedConnectCluster connect,
            LocalDynamoDb dynamo,
            long rows,
            int threads,
            String buffer)
            throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ferry.sink.dynamodb.DynamoDbSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("dynamodb.endpoint.url", dynamo.endpoint().toString());
        config.put("aws.region", LocalDynamoDb.REGION.id());
        config.put("aws.access.key.id", LocalDynamoDb.ACCESS_KEY);
        config.put("aws.secret.access.key", LocalDynamoDb.SECRET_KEY);
        config.put("parallel.load.threads", Integer.toString(threads));
        config.put("parallel.load.buffer.size", buffer);
        config.put("consumer.override.max.poll.records", "2000");
        long start = System.nanoTime();
        connect.configureConnector("ferry-ddb", config);
        // Completion from the sink's committed offset: counting items by scan would compete with
        // the writes being measured.
        while (committed(connect, "connect-ferry-ddb") < rows) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        connect.deleteConnector("ferry-ddb");
        return seconds;
    }

    /** The offset the sink's consumer group has committed on the topic, 0 before the first. */
    private static long committed(EmbeddedConnectCluster connect, String group) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = connect.kafka().createAdminClient()) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .values()
                    .stream()
                    .filter(java.util.Objects::nonNull)
                    .mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
                    .sum();
        }
    }

    /** The peer: the same items, built in advance, written by a plain BatchWriteItem loop. */
    private static double bare(DynamoDbClient client, LoadEvents events, long rows, int threads)
            throws Exception {
        String table = "bare_rows";
        client.createTable(
                b ->
                        b.tableName(table)
                                .keySchema(
                                        KeySchemaElement.builder()
                                                .attributeName("id")
                                                .keyType(KeyType.HASH)
                                                .build())
                                .attributeDefinitions(
                                        AttributeDefinition.builder()
                                                .attributeName("id")
                                                .attributeType(ScalarAttributeType.N)
                                                .build())
                                .billingMode(BillingMode.PAY_PER_REQUEST));
        List<List<WriteRequest>> batches = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (long id = 0; id < rows; id++) {
            Struct row = events.row(id, 0);
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("id", AttributeValue.fromN(Long.toString(id)));
            item.put("c_int", AttributeValue.fromN(Integer.toString(row.getInt32("c_int"))));
            item.put("c_num", AttributeValue.fromN(row.get("c_num").toString()));
            item.put("c_double", AttributeValue.fromN(Double.toString(row.getFloat64("c_double"))));
            item.put("c_name", AttributeValue.fromS(row.getString("c_name")));
            item.put("c_text", AttributeValue.fromS(row.getString("c_text")));
            item.put("c_ts", AttributeValue.fromS(Long.toString(row.getInt64("c_ts"))));
            item.put("c_date", AttributeValue.fromS(Integer.toString(row.getInt32("c_date"))));
            item.put("c_flag", AttributeValue.fromBool(row.getBoolean("c_flag")));
            item.put("c_uuid", AttributeValue.fromS(row.getString("c_uuid")));
            batch.add(
                    WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item).build())
                            .build());
            if (batch.size() == 25) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            running.add(
                    pool.submit(
                            () -> {
                                for (int i = first; i < batches.size(); i += threads) {
                                    Map<String, List<WriteRequest>> pending =
                                            Map.of(table, batches.get(i));
                                    while (!pending.isEmpty()) {
                                        Map<String, List<WriteRequest>> request = pending;
                                        pending =
                                                client.batchWriteItem(b -> b.requestItems(request))
                                                        .unprocessedItems();
                                    }
                                }
                            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }
}
