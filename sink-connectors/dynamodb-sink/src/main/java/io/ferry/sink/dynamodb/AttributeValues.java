package io.ferry.sink.dynamodb;

import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import org.apache.kafka.connect.data.Schema;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A column value as a DynamoDB attribute, by DMS's type map: numbers as {@code N} with their exact
 * decimal text (above 38 digits, DynamoDB's limit, as {@code S}), binary as {@code B}, booleans as
 * {@code BOOL}, dates and timestamps as ISO-8601 strings, everything else as {@code S}.
 */
final class AttributeValues {
    private static final int MAX_DIGITS = 38;

    private AttributeValues() {}

    /** The attribute for a value, or null for a NULL (DMS leaves such attributes out). */
    static AttributeValue of(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        Object plain =
                schema == null || schema.name() == null
                        ? value
                        : LogicalValues.plain(schema, value);
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
        if (plain instanceof Double || plain instanceof Float) {
            double d = ((Number) plain).doubleValue();
            return Double.isFinite(d)
                    ? number(BigDecimal.valueOf(d))
                    : AttributeValue.fromS(plain.toString());
        }
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
