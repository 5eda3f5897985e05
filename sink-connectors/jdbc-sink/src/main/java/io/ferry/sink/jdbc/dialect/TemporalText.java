package io.ferry.sink.jdbc.dialect;

import java.util.BitSet;

/** Text forms of Debezium values both dialects need that {@code java.time} cannot hold. */
final class TemporalText {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private TemporalText() {}

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
