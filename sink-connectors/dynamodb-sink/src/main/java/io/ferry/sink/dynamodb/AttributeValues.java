package io.ferry.sink.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A column value as a DynamoDB attribute, by DMS's type map: numbers as {@code N} with their exact
 * decimal text (above 38 digits, DynamoDB's limit, as {@code S}), binary as {@code B}, booleans as
 * {@code BOOL}, dates and timestamps as ISO-8601 strings, everything else as {@code S}.
 */
final class AttributeValues {
    private static final int MAX_DIGITS = 38;
    private static final String JSON = "io.debezium.data.Json";
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final boolean writeNulls;
    private final boolean jsonAsMap;

    /**
     * @param writeNulls NULL columns as {@code NULL} attributes rather than left out
     * @param jsonAsMap JSON columns as maps and lists rather than their text
     */
    AttributeValues(boolean writeNulls, boolean jsonAsMap) {
        this.writeNulls = writeNulls;
        this.jsonAsMap = jsonAsMap;
    }

    /** A non-key attribute, with this sink's options. */
    AttributeValue attribute(Schema schema, Object value) {
        if (value == null) {
            return writeNulls ? AttributeValue.fromNul(true) : null;
        }
        if (jsonAsMap && schema != null && JSON.equals(schema.name())) {
            try {
                return json(MAPPER.readTree(value.toString()));
            } catch (JsonProcessingException e) {
                throw new DataException(
                        "a JSON column holds invalid JSON: " + e.getOriginalMessage());
            }
        }
        return of(schema, value);
    }

    private static AttributeValue json(JsonNode node) {
        if (node.isObject()) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), json(e.getValue())));
            return AttributeValue.fromM(map);
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(element -> list.add(json(element)));
            return AttributeValue.fromL(list);
        }
        if (node.isNumber()) {
            return number(node.decimalValue());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        return node.isNull() ? AttributeValue.fromNul(true) : AttributeValue.fromS(node.asText());
    }

    /** The attribute for a value by DMS's map, or null for a NULL (DMS leaves such out). */
    static AttributeValue of(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema == null ? null : schema.name();
        if (!LogicalValues.isTimeOfDay(name, value)) {
            // Negative, or beyond a day (MySQL TIME, PostgreSQL 24:00): no LocalTime holds it.
            return AttributeValue.fromS(LogicalValues.timeText(name, value));
        }
        String zoned =
                LogicalValues.zonedTimestampText(schema == null ? null : schema.name(), value);
        if (zoned != null) {
            return AttributeValue.fromS(zoned);
        }
        Object plain =
                schema == null || schema.name() == null
                        ? value
                        : LogicalValues.withinCommonEra(LogicalValues.plain(schema, value));
        if (plain instanceof Boolean bool) {
            return AttributeValue.fromBool(bool);
        }
        if (plain instanceof byte[] bytes) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        }
        if (plain instanceof ByteBuffer buffer) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(buffer));
        }
        if (plain instanceof BigDecimal decimal) {
            return number(decimal);
        }
        if (plain instanceof Number number
                && !(plain instanceof Double || plain instanceof Float)) {
            return AttributeValue.fromN(number.toString());
        }
        if (schema != null
                && schema.type() == Schema.Type.FLOAT32
                && plain instanceof Double widened) {
            plain = widened.floatValue(); // a float arriving widened to a double
        }
        if (plain instanceof Float f) {
            // The float's own shortest digits, not those of its widening to a double.
            return Float.isFinite(f)
                    ? number(LogicalValues.shortestDecimal(f))
                    : AttributeValue.fromS(f.toString());
        }
        if (plain instanceof Double d) {
            return Double.isFinite(d)
                    ? number(BigDecimal.valueOf(d))
                    : AttributeValue.fromS(d.toString());
        }
        // ISO-8601 as java.time writes it (zero seconds left out): the text of key attributes
        // written before must stay the same.
        if (plain instanceof LocalDateTime time) {
            return AttributeValue.fromS(time.toString());
        }
        return AttributeValue.fromS(plain.toString());
    }

    private static AttributeValue number(BigDecimal decimal) {
        String text = decimal.stripTrailingZeros().toPlainString();
        return decimal.precision() > MAX_DIGITS
                ? AttributeValue.fromS(decimal.toPlainString())
                : AttributeValue.fromN(text);
    }
}
