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
 */
record ItemChange(
        SinkRecord record,
        String table,
        List<String> keyNames,
        Map<String, AttributeValue> key,
        Map<String, AttributeValue> item,
        WriteCondition condition) {

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

    boolean isTruncate() {
        return key == null && item == null;
    }

    boolean isDelete() {
        return item == null && key != null;
    }
}
