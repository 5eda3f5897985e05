package io.ferry.sink.s3.format;

import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.apache.kafka.connect.data.Schema;

/**
 * A column value as DMS writes it in a CSV file: dates {@code yyyy-MM-dd}, timestamps {@code
 * yyyy-MM-dd HH:mm:ss.SSSSSS}, decimals in plain notation, binary as hexadecimal, zoned values as
 * Debezium sends them (ISO-8601).
 */
final class CellText {
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private CellText() {}

    /** The text of a value, or null for a null value. */
    static String of(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema != null
                && schema.type() == Schema.Type.FLOAT32
                && value instanceof Number number) {
            // A float's own shortest digits, also where it arrives widened to a double.
            return Float.toString(number.floatValue());
        }
        String clockText = LogicalValues.timeText(schema == null ? null : schema.name(), value);
        if (clockText != null) {
            return clockText;
        }
        String zoned =
                LogicalValues.zonedTimestampText(schema == null ? null : schema.name(), value);
        if (zoned != null) {
            return zoned;
        }
        Object plain =
                schema == null || schema.name() == null
                        ? value
                        : LogicalValues.plain(schema, value);
        if (plain instanceof LocalDateTime time) {
            return TIMESTAMP.format(time);
        }
        if (plain instanceof java.time.LocalTime clock) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(clock); // seconds even when zero
        }
        if (plain instanceof BigDecimal decimal && schema != null && schema.name() != null) {
            return decimal.toPlainString();
        }
        if (plain instanceof byte[] bytes) {
            return HEX.formatHex(bytes);
        }
        if (plain instanceof java.nio.ByteBuffer buffer) {
            return HEX.formatHex(bytes(buffer));
        }
        return plain.toString();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
