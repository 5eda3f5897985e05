package io.ferry.sink.dynamodb;

import io.ferry.common.SourcePosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
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
 * dropped: the delete event did its work. Otherwise it is a delete ordered by its Kafka offset,
 * which never overrides an item written by a change with a source position.
 */
final class OrderingGuard {
    static final String POSITION = "_ferry_position";
    static final String STREAM = "_ferry_stream";
    static final String DELETES = "ferry_sink_deletes";
    static final String MARKER_TABLE = "target_table";
    static final String MARKER_KEY = "item_key";

    /** A change with a source position: any item of another stream is older or unordered. */
    private static final String NOT_NEWER =
            "attribute_not_exists(#ferry_s) OR #ferry_s <> :ferry_s OR #ferry_p <= :ferry_p";

    /**
     * A change ordered by Kafka offset only (a tombstone, a flattened row) never overrides an item
     * a change with a source position wrote: a tombstone whose delete came before a restart would
     * otherwise delete a newer item from another partition.
     */
    private static final String NOT_NEWER_FROM_KAFKA =
            "attribute_not_exists(#ferry_s) OR (begins_with(#ferry_s, :ferry_k) AND (#ferry_s <>"
                    + " :ferry_s OR #ferry_p <= :ferry_p))";

    /** Per partition: the item the last delete event removed, until another change comes. */
    private final Map<TopicPartition, List<Object>> lastDeleted = new HashMap<>();

    /**
     * Whether this change is a tombstone following the delete event of its own item; every change
     * must pass here, in order.
     */
    boolean coveredTombstone(ItemChange change) {
        SinkRecord record = change.record();
        TopicPartition partition =
                new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
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
        return SourcePosition.of(record).orElseGet(() -> SourcePosition.ofKafka(record));
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
        AttributeValue stream = AttributeValue.fromS(position.stream());
        AttributeValue order = AttributeValue.fromS(position.order());
        Map<String, String> names = Map.of("#ferry_s", STREAM, "#ferry_p", POSITION);
        return position.stream().startsWith(SourcePosition.KAFKA)
                ? new WriteCondition(
                        NOT_NEWER_FROM_KAFKA,
                        names,
                        Map.of(
                                ":ferry_s",
                                stream,
                                ":ferry_p",
                                order,
                                ":ferry_k",
                                AttributeValue.fromS(SourcePosition.KAFKA)))
                : new WriteCondition(
                        NOT_NEWER, names, Map.of(":ferry_s", stream, ":ferry_p", order));
    }

    private static Map<String, AttributeValue> stamp(SourcePosition position) {
        return Map.of(
                STREAM,
                AttributeValue.fromS(position.stream()),
                POSITION,
                AttributeValue.fromS(position.order()));
    }

    /**
     * The marker's key: the target table, and a SHA-256 of the item's key (each attribute's name,
     * type and value, length-prefixed) — a key of any length or content fits DynamoDB's 1 KB sort
     * key.
     */
    static Map<String, AttributeValue> markerKey(ItemChange change) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : change.keyNames()) {
            AttributeValue value = change.key().get(name);
            byte[] bytes =
                    value.n() != null
                            ? ("N" + value.n()).getBytes(StandardCharsets.UTF_8)
                            : value.b() != null
                                    ? concat(new byte[] {'B'}, value.b().asByteArray())
                                    : ("S" + value.s()).getBytes(StandardCharsets.UTF_8);
            update(digest, name.getBytes(StandardCharsets.UTF_8));
            update(digest, bytes);
        }
        return Map.of(
                MARKER_TABLE,
                AttributeValue.fromS(change.table()),
                MARKER_KEY,
                AttributeValue.fromS(HexFormat.of().formatHex(digest.digest())));
    }

    private static void update(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(4).putInt(part.length).array());
        digest.update(part);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
