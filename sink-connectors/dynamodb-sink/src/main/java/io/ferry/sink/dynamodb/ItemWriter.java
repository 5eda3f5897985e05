package io.ferry.sink.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes changes with {@code BatchWriteItem}: the last change of each key within a batch wins (a
 * batch may not name a key twice, and per-key order holds), 25 requests per call, and the items
 * DynamoDB leaves unprocessed — throttling — retried with exponential backoff and jitter. A call
 * DynamoDB refuses because of one item is written again item by item, so only that item is rejected
 * (to the DLQ when tolerated) and the others are written.
 */
final class ItemWriter {
    static final int MAX_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final int maxRetries;
    private final long backoffMs;
    private final BiConsumer<SinkRecord, RuntimeException> rejected;

    ItemWriter(
            DynamoDbClient dynamo,
            int maxRetries,
            long backoffMs,
            BiConsumer<SinkRecord, RuntimeException> rejected) {
        this.dynamo = dynamo;
        this.maxRetries = maxRetries;
        this.backoffMs = backoffMs;
        this.rejected = rejected;
    }

    void write(List<ItemChange> changes) {
        writeNet(net(changes));
    }

    /** The last change of each key, in order of each key's last change. */
    static List<ItemChange> net(List<ItemChange> changes) {
        Map<List<Object>, ItemChange> last = new LinkedHashMap<>();
        for (ItemChange change : changes) {
            List<Object> identity = identity(change);
            last.remove(identity);
            last.put(identity, change);
        }
        return new ArrayList<>(last.values());
    }

    static List<Object> identity(ItemChange change) {
        return List.of(change.table(), change.key());
    }

    /** Writes changes whose keys are all different. */
    void writeNet(List<ItemChange> net) {
        for (int from = 0; from < net.size(); from += MAX_BATCH) {
            List<ItemChange> chunk = net.subList(from, Math.min(net.size(), from + MAX_BATCH));
            try {
                send(requests(chunk));
            } catch (DynamoDbException e) {
                if (!Refusals.isItemError(e)) {
                    throw e;
                }
                chunk.forEach(this::writeOne);
            }
        }
    }

    /** One change on its own: the item DynamoDB refuses is rejected, not the whole call. */
    private void writeOne(ItemChange change) {
        try {
            if (change.isDelete()) {
                dynamo.deleteItem(b -> b.tableName(change.table()).key(change.key()));
            } else {
                dynamo.putItem(b -> b.tableName(change.table()).item(change.item()));
            }
        } catch (DynamoDbException e) {
            if (!Refusals.isItemError(e)) {
                throw e;
            }
            rejected.accept(change.record(), e);
        }
    }

    private static Map<String, List<WriteRequest>> requests(List<ItemChange> changes) {
        Map<String, List<WriteRequest>> requests = new HashMap<>();
        for (ItemChange change : changes) {
            WriteRequest request =
                    change.isDelete()
                            ? WriteRequest.builder()
                                    .deleteRequest(
                                            DeleteRequest.builder().key(change.key()).build())
                                    .build()
                            : WriteRequest.builder()
                                    .putRequest(PutRequest.builder().item(change.item()).build())
                                    .build();
            requests.computeIfAbsent(change.table(), t -> new ArrayList<>()).add(request);
        }
        return requests;
    }

    private void send(Map<String, List<WriteRequest>> requests) {
        Map<String, List<WriteRequest>> pending = requests;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > maxRetries) {
                throw new ConnectException(
                        "DynamoDB left writes unprocessed after "
                                + maxRetries
                                + " retries: "
                                + pending.keySet());
            }
            if (attempt > 0) {
                pause(attempt);
            }
            Map<String, List<WriteRequest>> batch = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(batch));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    /** Full jitter over an exponentially growing cap, as AWS advises for throttling. */
    private void pause(int attempt) {
        long cap = Math.min(20_000L, backoffMs << Math.min(attempt, 16));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while retrying DynamoDB writes", e);
        }
    }
}
