package io.ferry.sink.dynamodb;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A DynamoDB condition expression with its placeholders, for one conditional put or delete. */
record WriteCondition(
        String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    /** Both conditions; their placeholders must not clash. */
    WriteCondition and(WriteCondition other) {
        if (other == null) {
            return this;
        }
        Map<String, String> allNames = new HashMap<>(names);
        allNames.putAll(other.names);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.putAll(other.values);
        return new WriteCondition(
                "(" + expression + ") AND (" + other.expression + ")", allNames, allValues);
    }
}
