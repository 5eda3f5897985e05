package io.ferry.sink.dynamodb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Writes one at a time, in order, with conditions — {@code BatchWriteItem} takes none: the object
 * mapping's {@code condition-expression}, and the ordering guard when on. The guard stores the
 * position of the change that wrote each item ({@value #POSITION}, the record's Kafka offset, which
 * orders the changes of one key) and applies a put or delete only if the item holds no later
 * position, so a replayed or late change never overwrites a newer item. Writes whose condition
 * fails are skipped and counted, not errors.
 */
final class ConditionalWriter {
    static final String POSITION = "_ferry_position";
    private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriter.class);

    private final DynamoDbClient dynamo;
    private final boolean guard;
    private final BiConsumer<SinkRecord, RuntimeException> rejected;
    private long skipped;

    ConditionalWriter(
            DynamoDbClient dynamo,
            boolean guard,
            BiConsumer<SinkRecord, RuntimeException> rejected) {
        this.dynamo = dynamo;
        this.guard = guard;
        this.rejected = rejected;
    }

    /** Whether these changes need this writer rather than batches. */
    boolean needed(List<ItemChange> changes) {
        return guard || changes.stream().anyMatch(c -> c.condition() != null);
    }

    void write(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            AttributeValue position =
                    AttributeValue.fromN(Long.toString(change.record().kafkaOffset()));
            WriteCondition condition =
                    guard
                            ? new WriteCondition(
                                            "attribute_not_exists(#ferry_p) OR #ferry_p < :ferry_p",
                                            Map.of("#ferry_p", POSITION),
                                            Map.of(":ferry_p", position))
                                    .and(change.condition())
                            : change.condition();
            // Null parts leave the request unconditional; DynamoDB rejects empty maps.
            String expression = condition == null ? null : condition.expression();
            Map<String, String> names = condition == null ? null : nullIfEmpty(condition.names());
            Map<String, AttributeValue> values =
                    condition == null ? null : nullIfEmpty(condition.values());
            try {
                if (change.isDelete()) {
                    dynamo.deleteItem(
                            b ->
                                    b.tableName(change.table())
                                            .key(change.key())
                                            .conditionExpression(expression)
                                            .expressionAttributeNames(names)
                                            .expressionAttributeValues(values));
                } else {
                    Map<String, AttributeValue> item = new HashMap<>(change.item());
                    if (guard) {
                        item.put(POSITION, position);
                    }
                    dynamo.putItem(
                            b ->
                                    b.tableName(change.table())
                                            .item(item)
                                            .conditionExpression(expression)
                                            .expressionAttributeNames(names)
                                            .expressionAttributeValues(values));
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
    }

    private static <V> Map<String, V> nullIfEmpty(Map<String, V> map) {
        return map.isEmpty() ? null : map;
    }

    /** Writes skipped because their condition failed (an older change, a DMS condition). */
    long skipped() {
        return skipped;
    }
}
