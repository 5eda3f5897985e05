package io.ferry.sink.dynamodb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ordering guard: each item carries the position of the change that wrote it ({@value
 * #POSITION}, the record's Kafka offset, which orders the changes of one key), and a put or delete
 * applies only if the item holds no later position. A replayed or late change then never overwrites
 * a newer item; the writes it loses are counted, not errors. Conditional writes go one at a time:
 * {@code BatchWriteItem} takes no conditions.
 */
final class GuardedWriter {
    static final String POSITION = "_ferry_position";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedWriter.class);
    private static final String CONDITION = "attribute_not_exists(#p) OR #p < :p";

    private final DynamoDbClient dynamo;
    private long stale;

    GuardedWriter(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    void write(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            AttributeValue position =
                    AttributeValue.fromN(Long.toString(change.record().kafkaOffset()));
            Map<String, String> names = Map.of("#p", POSITION);
            Map<String, AttributeValue> values = Map.of(":p", position);
            try {
                if (change.isDelete()) {
                    dynamo.deleteItem(
                            b ->
                                    b.tableName(change.table())
                                            .key(change.key())
                                            .conditionExpression(CONDITION)
                                            .expressionAttributeNames(names)
                                            .expressionAttributeValues(values));
                } else {
                    Map<String, AttributeValue> item = new HashMap<>(change.item());
                    item.put(POSITION, position);
                    dynamo.putItem(
                            b ->
                                    b.tableName(change.table())
                                            .item(item)
                                            .conditionExpression(CONDITION)
                                            .expressionAttributeNames(names)
                                            .expressionAttributeValues(values));
                }
            } catch (ConditionalCheckFailedException e) {
                stale++;
                LOG.debug(
                        "Skipped a change older than the item in {}: {}",
                        change.table(),
                        change.key());
            }
        }
    }

    /** Writes skipped because the item was newer. */
    long stale() {
        return stale;
    }
}
