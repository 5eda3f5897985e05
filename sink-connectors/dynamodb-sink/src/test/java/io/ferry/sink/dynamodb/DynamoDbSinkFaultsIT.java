package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ferry.testing.RecordingSinkContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB sink at its failure points, against DynamoDB Local: a task that died between the
 * "preparing" and "done" control records, and one item DynamoDB refuses within a batch.
 */
class DynamoDbSinkFaultsIT {
    private static final List<String> KEY = List.of("OrderNo");

    private final DynamoFixture fixture = new DynamoFixture();

    private void createTable(String name, String key, ScalarAttributeType type) {
        try {
            fixture.client.createTable(
                    b ->
                            b.tableName(name)
                                    .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH))
                                    .attributeDefinitions(
                                            d -> d.attributeName(key).attributeType(type))
                                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            // shared by the tests in this JVM
        }
    }

    /**
     * Path 14: the task preparing the table died after recording "preparing" and before "done".
     * Once its lease has run out the next task prepares the table itself, instead of waiting for
     * ever (before: 120 s, then a failed task on every start).
     */
    @Test
    void aPreparationLeftByADeadTaskIsTakenOverWhenItsLeaseRunsOut() {
        String migration = "dynamo-crashed-" + fixture.table;
        createTable(Tables.CONTROL, "id", ScalarAttributeType.S);
        createTable(fixture.table, "OrderNo", ScalarAttributeType.N);
        fixture.client.putItem(
                b ->
                        b.tableName(fixture.table)
                                .item(Map.of("OrderNo", AttributeValue.fromN("99"))));
        // What the dead task left: its claim, with a lease that has run out.
        fixture.client.putItem(
                b ->
                        b.tableName(Tables.CONTROL)
                                .item(
                                        Map.of(
                                                "id",
                                                AttributeValue.fromS(
                                                        migration + "#" + fixture.table),
                                                "state",
                                                AttributeValue.fromS("preparing"),
                                                "lease_until",
                                                AttributeValue.fromN(
                                                        Long.toString(
                                                                System.currentTimeMillis() - 1)))));
        DynamoDbSinkTask task =
                fixture.start(
                        Map.of(
                                "name",
                                migration,
                                DynamoDbSinkConfig.PREP_MODE,
                                "TRUNCATE_BEFORE_LOAD"));
        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () ->
                        task.put(
                                List.of(
                                        fixture.event(
                                                0,
                                                "r",
                                                null,
                                                fixture.row(1, 1, "loaded", null, null),
                                                KEY))));
        task.stop();
        assertEquals(Set.of("1"), fixture.items(fixture.table, "OrderNo").keySet());
        assertEquals(
                "done",
                fixture.client
                        .getItem(
                                b ->
                                        b.tableName(Tables.CONTROL)
                                                .key(
                                                        Map.of(
                                                                "id",
                                                                AttributeValue.fromS(
                                                                        migration
                                                                                + "#"
                                                                                + fixture.table))))
                        .item()
                        .get("state")
                        .s());
    }

    /**
     * Path 15: DynamoDB refuses a whole batch for one item over 400 KB. With errors.tolerance=all
     * that item goes to the DLQ and the others are written — batched or one at a time (guard).
     */
    @ParameterizedTest(name = "ordering guard {0}")
    @ValueSource(booleans = {false, true})
    void anItemDynamoDbRefusesGoesToTheDlqAndTheOthersAreWritten(boolean guard) {
        DynamoDbSinkTask task =
                fixture.start(
                        Map.of(
                                "errors.tolerance",
                                "all",
                                DynamoDbSinkConfig.ORDERING_GUARD,
                                Boolean.toString(guard)));
        SinkRecord tooLarge =
                fixture.event(
                        1, "c", null, fixture.row(1, 2, "x".repeat(500_000), null, null), KEY);
        List<SinkRecord> records =
                List.of(
                        fixture.event(0, "c", null, fixture.row(1, 1, "ok", null, null), KEY),
                        tooLarge,
                        fixture.event(2, "c", null, fixture.row(1, 3, "ok", null, null), KEY));
        task.put(records);
        task.flush(Map.of());
        task.stop();
        assertEquals(Set.of("1", "3"), fixture.items(fixture.table, "OrderNo").keySet());
        assertEquals(List.of(tooLarge), fixture.contexts.get(0).reported);
    }

    /**
     * With writer threads, an item DynamoDB refuses is met on a writer thread, possibly while the
     * writers drain in preCommit — after Connect awaited the reports it knows of. It is reported
     * from the task's thread and awaited there: a report that fails commits nothing.
     */
    @Test
    void aRecordRefusedOnAWriterThreadIsInTheDlqBeforeItsOffsetCommits() {
        DynamoDbSinkTask task =
                fixture.start(
                        Map.of(
                                "errors.tolerance",
                                "all",
                                DynamoDbSinkConfig.PARALLEL_THREADS,
                                "2"));
        RecordingSinkContext context = fixture.contexts.get(0);
        context.reportFailure = new KafkaException("the dead letter topic is out of reach");
        SinkRecord tooLarge =
                fixture.event(
                        1, "c", null, fixture.row(1, 2, "x".repeat(500_000), null, null), KEY);
        task.put(
                List.of(
                        fixture.event(0, "c", null, fixture.row(1, 1, "ok", null, null), KEY),
                        tooLarge,
                        fixture.event(2, "c", null, fixture.row(1, 3, "ok", null, null), KEY)));
        TopicPartition partition = new TopicPartition("t", 0);
        assertEquals(
                Map.of(),
                task.preCommit(Map.of(partition, new OffsetAndMetadata(3))),
                "committed past a record the DLQ does not hold");
        assertEquals(List.of(tooLarge), context.reported);
        assertEquals(List.of(Thread.currentThread().getName()), context.reportingThreads);
        // The failure stays: no later commit, and the next put fails the task.
        context.reportFailure = null;
        assertEquals(Map.of(), task.preCommit(Map.of(partition, new OffsetAndMetadata(3))));
        org.junit.jupiter.api.Assertions.assertThrowsExactly(
                org.apache.kafka.connect.errors.ConnectException.class, () -> task.put(List.of()));
        task.stop();
        assertEquals(Set.of("1", "3"), fixture.items(fixture.table, "OrderNo").keySet());
    }

    /**
     * Connect delivers again a batch it held when a rebalance took the partition away, if a
     * transform renamed the topic (it drops a revoked partition's records by their topic after
     * transforms), also once the partition is given back: those records are not written, since the
     * partition's new owner may have written newer ones meanwhile. Read again afresh, they are.
     */
    @Test
    void aRevokedPartitionsRecordsConnectHeldAreNotWrittenEvenOnceItIsBack() throws Exception {
        try (io.ferry.testing.TcpProxy proxy =
                new io.ferry.testing.TcpProxy("127.0.0.1", fixture.local.endpoint().getPort())) {
            DynamoDbSinkTask task = startThrough(proxy, Map.of());
            TopicPartition partition = new TopicPartition("t", 0);
            task.open(List.of(partition));
            task.put(List.of(fixture.event(0, "c", null, fixture.row(1, 1, "a", null, null), KEY)));
            proxy.cut();
            List<SinkRecord> held =
                    List.of(fixture.event(1, "c", null, fixture.row(1, 2, "b", null, null), KEY));
            org.junit.jupiter.api.Assertions.assertThrows(
                    org.apache.kafka.connect.errors.RetriableException.class, () -> task.put(held));
            proxy.restore();
            task.close(List.of(partition));
            task.open(List.of(partition));
            putUntilDue(task, held);
            assertEquals(Set.of("1"), fixture.items(fixture.table, "OrderNo").keySet());
            assertEquals(Map.of(), task.preCommit(Map.of(partition, new OffsetAndMetadata(2))));
            putUntilDue(
                    task,
                    List.of(fixture.event(1, "c", null, fixture.row(1, 2, "b", null, null), KEY)));
            assertEquals(Set.of("1", "2"), fixture.items(fixture.table, "OrderNo").keySet());
            assertEquals(
                    Map.of(partition, new OffsetAndMetadata(2)),
                    task.preCommit(Map.of(partition, new OffsetAndMetadata(2))));
            task.stop();
        }
    }

    /** A task reaching DynamoDB through the proxy, retrying from 100 ms. */
    private DynamoDbSinkTask startThrough(
            io.ferry.testing.TcpProxy proxy, Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put(DynamoDbSinkConfig.ENDPOINT, "http://127.0.0.1:" + proxy.port());
        props.put(DynamoDbSinkConfig.RETRY_BACKOFF_MS, "100");
        return fixture.start(props);
    }

    /** Delivers the records as Connect does until the task's retry wait is over. */
    private static void putUntilDue(DynamoDbSinkTask task, List<SinkRecord> records) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                task.put(records);
                return;
            } catch (org.apache.kafka.connect.errors.RetriableException e) {
                org.junit.jupiter.api.Assertions.assertTrue(
                        System.nanoTime() < deadline, "still waiting: " + e);
            }
        }
    }

    /**
     * Issue 17: DynamoDB out of reach is the environment's error: Connect is asked to deliver the
     * same records again after a wait kept by the clock, the records are written once it is back,
     * and after max.retries failures in a row the task fails — never a record to the DLQ.
     */
    @Test
    void anUnreachableEndpointIsRetriedThenFailsTheTask() throws Exception {
        try (io.ferry.testing.TcpProxy proxy =
                new io.ferry.testing.TcpProxy("127.0.0.1", fixture.local.endpoint().getPort())) {
            DynamoDbSinkTask task =
                    startThrough(
                            proxy,
                            Map.of(DynamoDbSinkConfig.MAX_RETRIES, "2", "errors.tolerance", "all"));
            task.put(List.of(fixture.event(0, "c", null, fixture.row(1, 1, "a", null, null), KEY)));
            proxy.cut();
            List<SinkRecord> next =
                    List.of(fixture.event(1, "c", null, fixture.row(1, 2, "b", null, null), KEY));
            org.junit.jupiter.api.Assertions.assertThrows(
                    org.apache.kafka.connect.errors.RetriableException.class, () -> task.put(next));
            proxy.restore();
            // Connect delivers the batch again until the wait is over and it is written.
            putUntilDue(task, next);
            assertEquals(Set.of("1", "2"), fixture.items(fixture.table, "OrderNo").keySet());
            assertEquals(List.of(), fixture.contexts.get(0).reported);

            proxy.cut();
            List<SinkRecord> last =
                    List.of(fixture.event(2, "c", null, fixture.row(1, 3, "c", null, null), KEY));
            int failures = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    task.put(last);
                    throw new AssertionError("written through a cut connection");
                } catch (org.apache.kafka.connect.errors.RetriableException e) {
                    failures += e.getMessage().startsWith("Waiting") ? 0 : 1;
                    org.junit.jupiter.api.Assertions.assertTrue(
                            System.nanoTime() < deadline, "the task never failed");
                } catch (org.apache.kafka.connect.errors.ConnectException e) {
                    break; // out of retries: the task fails
                }
            }
            assertEquals(2, failures, "failed attempts before the task failed");
            assertEquals(List.of(), fixture.contexts.get(0).reported);
            task.stop();
        }
    }
}
