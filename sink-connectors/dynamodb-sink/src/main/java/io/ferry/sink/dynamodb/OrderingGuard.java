package io.ferry.sink.dynamodb;

import io.ferry.common.SourcePosition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The ordering guard: every item keeps the source position of the change that wrote it ({@value
 * #STREAM}, {@value #POSITION}: the database log's position, see {@link SourcePosition}), and a
 * change is applied only if the item holds no later position of the same stream — so a replayed or
 * late change, from any partition or topic, never overwrites a newer item.
 *
 * <p>A delete leaves a marker with its position in {@value #DELETES}, written in one transaction
 * with the delete; a put checks and clears the marker in one transaction with the put. A change
 * older than the delete therefore cannot bring the item back. Markers stay for keys that stay
 * deleted; a prep mode that empties the table removes its markers too.
 *
 * <p>A tombstone right after its own delete event (Debezium sends both) carries no position and is
 * dropped: the delete event did its work. Alone (flattening SMTs that drop delete events), it is
 * the delete, ordered by its Kafka offset.
 */
final class OrderingGuard {
    static final String POSITION = "_ferry_position";
    static final String STREAM = "_ferry_stream";
    static final String DELETES = "ferry_sink_deletes";
    static final String MARKER_TABLE = "target_table";
    static final String MARKER_KEY = "item_key";

    private static final WriteCondition NOT_NEWER_TEMPLATE =
            new WriteCondition(
                    "attribute_not_exists(#ferry_s) OR #ferry_s <> :ferry_s OR #ferry_p <= :ferry_p",
                    Map.of("#ferry_s", STREAM, "#ferry_p", POSITION),
                    Map.of());

    /** Per partition: the item the last delete event removed, until another change comes. */
    private final Map<TopicPartition, List<Object>> lastDeleted = new HashMap<>();

    /**
     * Whether this change is a tombstone following the delete event of its own item; every change
     * must pass here, in order.
     */
    boolean coveredTombstone(ItemChange change) {
        SinkRecord record = change.record();
        TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
        List<Object> item = ItemWriter.identity(change);
        if (record.value() == null) {
            return item.equals(lastDeleted.get(partition));
        }
        if (change.isDelete()) {
            lastDeleted.put(partition, item);
        } else {
            lastDeleted.remove(partition);
        }
        return false;
    }

    static SourcePosition position(SinkRecord record) {
        return SourcePosition.of(record)
                .orElseGet(() -> SourcePosition.ofKafka(record, record.kafkaOffset()));
    }

    /** The writes of one guarded change, for one transaction. */
    List<TransactWriteItem> writes(ItemChange change) {
        SourcePosition position = position(change.record());
        WriteCondition notNewer = notNewer(position);
        WriteCondition itemCondition = notNewer.and(change.condition());
        Map<String, AttributeValue> marker = markerKey(change);
        List<TransactWriteItem> writes = new ArrayList<>();
        if (change.isDelete()) {
            writes.add(
                    TransactWriteItem.builder()
                            .delete(
                                    Delete.builder()
                                            .tableName(change.table())
                                            .key(change.key())
                                            .conditionExpression(itemCondition.expression())
                                            .expressionAttributeNames(itemCondition.names())
                                            .expressionAttributeValues(itemCondition.values())
                                            .build())
                            .build());
            Map<String, AttributeValue> markerItem = new HashMap<>(marker);
            markerItem.putAll(stamp(position));
            writes.add(
                    TransactWriteItem.builder()
                            .put(
                                    Put.builder()
                                            .tableName(DELETES)
                                            .item(markerItem)
                                            .conditionExpression(notNewer.expression())
                                            .expressionAttributeNames(notNewer.names())
                                            .expressionAttributeValues(notNewer.values())
                                            .build())
                            .build());
        } else {
            Map<String, AttributeValue> item = new HashMap<>(change.item());
            item.putAll(stamp(position));
            writes.add(
                    TransactWriteItem.builder()
                            .put(
                                    Put.builder()
                                            .tableName(change.table())
                                            .item(item)
                                            .conditionExpression(itemCondition.expression())
                                            .expressionAttributeNames(itemCondition.names())
                                            .expressionAttributeValues(itemCondition.values())
                                            .build())
                            .build());
            writes.add(
                    TransactWriteItem.builder()
                            .delete(
                                    Delete.builder()
                                            .tableName(DELETES)
                                            .key(marker)
                                            .conditionExpression(notNewer.expression())
                                            .expressionAttributeNames(notNewer.names())
                                            .expressionAttributeValues(notNewer.values())
                                            .build())
                            .build());
        }
        return writes;
    }

    private static WriteCondition notNewer(SourcePosition position) {
        return new WriteCondition(
                NOT_NEWER_TEMPLATE.expression(),
                NOT_NEWER_TEMPLATE.names(),
                Map.of(
                        ":ferry_s",
                        AttributeValue.fromS(position.stream()),
                        ":ferry_p",
                        AttributeValue.fromS(position.order())));
    }

    private static Map<String, AttributeValue> stamp(SourcePosition position) {
        return Map.of(
                STREAM,
                AttributeValue.fromS(position.stream()),
                POSITION,
                AttributeValue.fromS(position.order()));
    }

    /** The marker's key: the target table, and the item's key as text (name=type:value,...). */
    static Map<String, AttributeValue> markerKey(ItemChange change) {
        StringBuilder key = new StringBuilder();
        for (String name : change.keyNames()) {
            AttributeValue value = change.key().get(name);
            if (key.length() > 0) {
                key.append(',');
            }
            key.append(name).append('=');
            if (value.n() != null) {
                key.append("N:").append(value.n());
            } else if (value.b() != null) {
                key.append("B:")
                        .append(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            } else {
                key.append("S:").append(value.s());
            }
        }
        return Map.of(
                MARKER_TABLE,
                AttributeValue.fromS(change.table()),
                MARKER_KEY,
                AttributeValue.fromS(key.toString()));
    }
}
