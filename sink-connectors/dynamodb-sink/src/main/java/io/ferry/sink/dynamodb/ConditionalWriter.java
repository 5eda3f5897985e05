package io.ferry.sink.dynamodb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes one at a time, in order, with conditions — {@code BatchWriteItem} takes none: the object
 * mapping's {@code condition-expression}, and the {@link OrderingGuard} when on (each change then a
 * transaction with its delete marker). Writes whose condition fails are skipped and counted, not
 * errors; conflicting transactions are retried.
 */
final class ConditionalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriter.class);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String VALIDATION = "ValidationError";

    private final DynamoDbClient dynamo;
    private final OrderingGuard guard;
    private final Tables tables;
    private final int maxRetries;
    private final long backoffMs;
    private final BiConsumer<SinkRecord, RuntimeException> rejected;
    private long skipped;
    private long covered;

    /**
     * @param guard the ordering guard, or null when off
     */
    ConditionalWriter(
            DynamoDbClient dynamo,
            OrderingGuard guard,
            Tables tables,
            int maxRetries,
            long backoffMs,
            BiConsumer<SinkRecord, RuntimeException> rejected) {
        this.dynamo = dynamo;
        this.guard = guard;
        this.tables = tables;
        this.maxRetries = maxRetries;
        this.backoffMs = backoffMs;
        this.rejected = rejected;
    }

    /** Whether these changes need this writer rather than batches. */
    boolean needed(List<ItemChange> changes) {
        return guard != null || changes.stream().anyMatch(c -> c.condition() != null);
    }

    void write(List<ItemChange> changes) {
        long skippedBefore = skipped;
        if (guard != null && !changes.isEmpty()) {
            tables.ensureDeleteMarkers();
        }
        for (ItemChange change : changes) {
            try {
                if (guard == null) {
                    writeConditioned(change);
                } else if (guard.coveredTombstone(change)) {
                    covered++;
                } else {
                    transact(change, guard.writes(change));
                }
            } catch (ConditionalCheckFailedException e) {
                skipped++;
                LOG.debug(
                        "Skipped a write to {} whose condition failed: {}",
                        change.table(),
                        change.key());
            } catch (DynamoDbException e) {
                if (!Refusals.isItemError(e)) {
                    throw e;
                }
                rejected.accept(change.record(), e);
            }
        }
        if (skipped > skippedBefore) {
            LOG.info(
                    "Skipped {} writes whose condition failed (older than the item, or the"
                            + " mapping's condition-expression); {} in all",
                    skipped - skippedBefore,
                    skipped);
        }
    }

    private void writeConditioned(ItemChange change) {
        WriteCondition condition = change.condition();
        // Null parts leave the request unconditional; DynamoDB rejects empty maps.
        String expression = condition == null ? null : condition.expression();
        Map<String, String> names = condition == null ? null : nullIfEmpty(condition.names());
        Map<String, AttributeValue> values =
                condition == null ? null : nullIfEmpty(condition.values());
        if (change.isDelete()) {
            dynamo.deleteItem(
                    b ->
                            b.tableName(change.table())
                                    .key(change.key())
                                    .conditionExpression(expression)
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values));
        } else {
            dynamo.putItem(
                    b ->
                            b.tableName(change.table())
                                    .item(change.item())
                                    .conditionExpression(expression)
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values));
        }
    }

    /**
     * One guarded change: skipped when a condition fails, rejected when DynamoDB refuses the item,
     * retried when another writer's transaction on the same item conflicts.
     */
    private void transact(ItemChange change, List<TransactWriteItem> writes) {
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                List<String> codes =
                        e.hasCancellationReasons()
                                ? e.cancellationReasons().stream()
                                        .map(CancellationReason::code)
                                        .toList()
                                : List.of();
                if (codes.contains(CONDITION_FAILED)) {
                    throw ConditionalCheckFailedException.builder().message(e.getMessage()).build();
                }
                if (codes.contains(VALIDATION)) {
                    rejected.accept(change.record(), e);
                    return;
                }
                if (attempt >= maxRetries) {
                    throw new ConnectException(
                            "DynamoDB cancelled the write to "
                                    + change.table()
                                    + " "
                                    + (attempt + 1)
                                    + " times: "
                                    + codes,
                            e);
                }
                pause(attempt);
            }
        }
    }

    /** Full jitter over an exponentially growing cap, as for throttled batches. */
    private void pause(int attempt) {
        long cap = Math.min(20_000L, backoffMs << Math.min(attempt, 16));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while retrying a DynamoDB write", e);
        }
    }

    private static <V> Map<String, V> nullIfEmpty(Map<String, V> map) {
        return map.isEmpty() ? null : map;
    }

    /** Writes skipped because their condition failed (an older change, a DMS condition). */
    long skipped() {
        return skipped;
    }

    /** Tombstones dropped because their delete event came just before. */
    long coveredTombstones() {
        return covered;
    }
}
