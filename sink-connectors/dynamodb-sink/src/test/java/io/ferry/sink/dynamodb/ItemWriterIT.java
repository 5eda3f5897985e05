package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Batched writes against DynamoDB Local, behind a client that throttles — DynamoDB Local never does
 * — by leaving part of each of the first batches unprocessed: nothing is lost.
 */
class ItemWriterIT {
    @Test
    void unprocessedItemsAreRetriedUntilWritten() {
        DynamoDbClient real = LocalServers.dynamoDb().client();
        String table = "throttled_" + System.nanoTime();
        real.createTable(
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
        AtomicInteger throttled = new AtomicInteger();
        DynamoDbClient throttling =
                (DynamoDbClient)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {DynamoDbClient.class},
                                (proxy, method, args) -> {
                                    if (method.getName().equals("batchWriteItem")
                                            && throttled.get() < 6) {
                                        return throttle(real, request(args[0]), throttled);
                                    }
                                    try {
                                        return method.invoke(real, args);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
        List<ItemChange> changes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Map<String, AttributeValue> key =
                    Map.of("id", AttributeValue.fromN(Integer.toString(i % 60)));
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.put("v", AttributeValue.fromN(Integer.toString(i)));
            changes.add(new ItemChange(null, table, List.of("id"), key, item));
        }
        new ItemWriter(throttling, 20, 1, Refusals.NONE).write(changes);

        Map<String, String> items = new HashMap<>();
        real.scanPaginator(b -> b.tableName(table))
                .items()
                .forEach(i -> items.put(i.get("id").n(), i.get("v").n()));
        assertEquals(60, items.size());
        for (int id = 0; id < 60; id++) {
            int last = id + 60 < 100 ? id + 60 : id;
            assertEquals(
                    Integer.toString(last),
                    items.get(Integer.toString(id)),
                    "the last change of " + id);
        }
        assertEquals(6, throttled.get());
    }

    /**
     * A writer thread's failure (here a table that does not exist) surfaces on the next write or at
     * the drain before the offset commit, never silently: the task fails and Kafka replays.
     */
    @Test
    void aParallelWritersFailureSurfacesBeforeOffsetsCommit() {
        DynamoDbClient real = LocalServers.dynamoDb().client();
        ParallelWriter parallel =
                new ParallelWriter(new ItemWriter(real, 0, 1, Refusals.NONE), 2, 3);
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromN("1"));
        parallel.write(
                List.of(
                        new ItemChange(
                                null, "missing_" + System.nanoTime(), List.of("id"), key, key)));
        ConnectException error = assertThrows(ConnectException.class, parallel::drain);
        assertTrue(
                error.getCause() instanceof ResourceNotFoundException,
                "the cause is DynamoDB's: " + error.getCause());
        assertThrows(ConnectException.class, () -> parallel.write(List.of()));
        parallel.close();
    }

    /** The request, whether passed built or as a builder function. */
    @SuppressWarnings("unchecked")
    private static BatchWriteItemRequest request(Object argument) {
        return argument instanceof BatchWriteItemRequest request
                ? request
                : BatchWriteItemRequest.builder()
                        .applyMutation(
                                (java.util.function.Consumer<BatchWriteItemRequest.Builder>)
                                        argument)
                        .build();
    }

    /** Writes the first half of the request and returns the rest as unprocessed. */
    private static BatchWriteItemResponse throttle(
            DynamoDbClient real, BatchWriteItemRequest request, AtomicInteger throttled) {
        throttled.incrementAndGet();
        Map<String, List<WriteRequest>> done = new HashMap<>();
        Map<String, List<WriteRequest>> left = new HashMap<>();
        request.requestItems()
                .forEach(
                        (table, writes) -> {
                            int half = writes.size() / 2;
                            if (half > 0) {
                                done.put(table, writes.subList(0, half));
                            }
                            left.put(table, writes.subList(half, writes.size()));
                        });
        if (!done.isEmpty()) {
            real.batchWriteItem(b -> b.requestItems(done));
        }
        return BatchWriteItemResponse.builder().unprocessedItems(left).build();
    }
}
