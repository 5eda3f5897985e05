package io.ferry.sink.jdbc.dialect;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Debezium values both dialects decode alike: times of day that {@code java.time} cannot hold
 * (MySQL TIME beyond 24 h, PostgreSQL 24:00), bit strings, and bytes in either Connect form.
 */
final class DebeziumValues {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private DebeziumValues() {}

    /** The text of a Debezium time-of-day value, or null when {@code name} is no such type. */
    static String timeOfDay(String name, Object value) {
        return switch (name) {
            case "io.debezium.time.MicroTime" -> time(((Number) value).longValue());
            case "io.debezium.time.NanoTime" -> time(((Number) value).longValue() / 1_000L);
            case "io.debezium.time.Time" -> time(((Number) value).longValue() * 1_000L);
            default -> null;
        };
    }

    static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }

    /**
     * A time of day or duration in microseconds as {@code [-]H:MM:SS.ffffff}; MySQL's TIME and
     * PostgreSQL's {@code 24:00:00} fall outside {@link java.time.LocalTime}.
     */
    static String time(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long seconds = abs / MICROS_PER_SECOND;
        return String.format(
                "%s%d:%02d:%02d.%06d",
                sign, seconds / 3600, (seconds / 60) % 60, seconds % 60, abs % MICROS_PER_SECOND);
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
