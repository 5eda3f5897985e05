package io.ferry.sink.jdbc.dialect;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Debezium values both dialects decode alike: times of day that {@code java.time} cannot hold
 * (MySQL TIME beyond 24 h, PostgreSQL 24:00), bit strings, and bytes in either Connect form.
 */
final class DebeziumValues {
    private DebeziumValues() {}

    /** The text of a Debezium time-of-day value, or null when it is no such type. */
    static String timeOfDay(String name, Object value) {
        return io.ferry.common.LogicalValues.timeText(name, value);
    }

    static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }

    /** Debezium's {@code Bits}: little-endian bytes of {@code length} bits, as '0'/'1' text. */
    static String bits(byte[] bytes, int length) {
        BitSet set = BitSet.valueOf(bytes);
        StringBuilder text = new StringBuilder(length);
        for (int i = length - 1; i >= 0; i--) {
            text.append(set.get(i) ? '1' : '0');
        }
        return text.toString();
    }

    static int bitLength(org.apache.kafka.connect.data.Schema schema, byte[] bytes) {
        String length = schema.parameters() == null ? null : schema.parameters().get("length");
        return length == null ? bytes.length * 8 : Integer.parseInt(length);
    }
}
