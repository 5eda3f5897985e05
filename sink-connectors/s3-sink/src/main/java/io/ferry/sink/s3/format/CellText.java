package io.ferry.sink.s3.format;

import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.apache.kafka.connect.data.Schema;

/**
 * A column value as DMS writes it in a CSV file: dates {@code yyyy-MM-dd}, timestamps {@code
 * yyyy-MM-dd HH:mm:ss.SSSSSS}, times {@code [-]HH:MM:SS[.ffffff]}, decimals in plain notation,
 * floats in their shortest digits, binary as hexadecimal, zoned timestamps ISO-8601 in one spelling
 * (see {@link LogicalValues#zonedTimestampText}).
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
                && value instanceof Number number
                && Float.isFinite(number.floatValue())) {
            // A float's own shortest digits, also where it arrives widened to a double.
            return LogicalValues.shortestDecimal(number.floatValue()).toString();
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
                        : LogicalValues.withinCommonEra(LogicalValues.plain(schema, value));
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
