package io.ferry.sink.dynamodb;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write to a DynamoDB table: put {@code item}, delete {@code key} when the item is null, or
 * remove every item (a captured truncate) when both are null.
 *
 * @param keyNames the table's partition key name, then its sort key name when it has one
 * @param condition the object mapping's {@code condition-expression} for this write, or null
 * @param unavailable attributes a put does not carry (unchanged in the source log: Debezium's
 *     placeholder), left out of {@code item}; they keep the values the item has
 */
record ItemChange(
        SinkRecord record,
        String table,
        List<String> keyNames,
        Map<String, AttributeValue> key,
        Map<String, AttributeValue> item,
        WriteCondition condition,
        List<String> unavailable) {

    ItemChange(
            SinkRecord record,
            String table,
            List<String> keyNames,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> item,
            WriteCondition condition) {
        this(record, table, keyNames, key, item, condition, List.of());
    }

    ItemChange(
            SinkRecord record,
            String table,
            List<String> keyNames,
            Map<String, AttributeValue> key,
            Map<String, AttributeValue> item) {
        this(record, table, keyNames, key, item, null);
    }

    /** Every item of {@code table} goes: a truncate of its source table. */
    static ItemChange truncate(SinkRecord record, String table) {
        return new ItemChange(record, table, List.of(), null, null, null);
    }

    /**
     * This put with its unavailable attributes taken from {@code current}, the item as it stands
     * before it (an attribute {@code current} lacks stays absent: it was NULL).
     */
    ItemChange completedFrom(Map<String, AttributeValue> current) {
        Map<String, AttributeValue> whole = new java.util.LinkedHashMap<>(item);
        for (String name : unavailable) {
            AttributeValue value = current.get(name);
            if (value != null) {
                whole.put(name, value);
            }
        }
        return new ItemChange(record, table, keyNames, key, whole, condition, List.of());
    }

    boolean isTruncate() {
        return key == null && item == null;
    }

    boolean isDelete() {
        return item == null && key != null;
    }
}
