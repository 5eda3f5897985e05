package io.ferry.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a Connect value into a plain Java value by its schema's logical type, for Kafka's and
 * Debezium's logical types: numbers become {@link BigDecimal}; dates {@link LocalDate}; times
 * {@link LocalTime}; timestamps without zone {@link LocalDateTime} (UTC for Kafka's {@code
 * Timestamp}); zoned types stay ISO strings. The one owner of logical-type decoding.
 */
public final class LogicalValues {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private LogicalValues() {}

    public static Object plain(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema == null ? null : schema.name();
        if (name != null) {
            Object decoded = decodeLogical(name, value);
            if (decoded != null) {
                return decoded;
            }
        }
        if (value instanceof Number number) {
            return toBigDecimal(number);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }

    private static Object decodeLogical(String name, Object value) {
        return switch (name) {
            case "io.debezium.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
            case "io.debezium.time.Time" ->
                    LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
            case "io.debezium.time.MicroTime" ->
                    LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L);
            case "io.debezium.time.NanoTime" -> LocalTime.ofNanoOfDay(((Number) value).longValue());
            case "io.debezium.time.Timestamp" ->
                    utc(Instant.ofEpochMilli(((Number) value).longValue()));
            case "io.debezium.time.MicroTimestamp" -> utc(micros(((Number) value).longValue()));
            case "io.debezium.time.NanoTimestamp" -> utc(nanos(((Number) value).longValue()));
            case "org.apache.kafka.connect.data.Date" ->
                    utc(((Date) value).toInstant()).toLocalDate();
            case "org.apache.kafka.connect.data.Time" ->
                    utc(((Date) value).toInstant()).toLocalTime();
            case "org.apache.kafka.connect.data.Timestamp" -> utc(((Date) value).toInstant());
            case "io.debezium.data.VariableScaleDecimal" -> variableScale((Struct) value);
            default -> null;
        };
    }

    /**
     * A Debezium time value ({@code Time}, {@code MicroTime}, {@code NanoTime}) as {@code
     * [-]HH:MM:SS[.ffffff]}, or null for another type. MySQL's TIME (negative, up to 838 hours) and
     * PostgreSQL's {@code 24:00:00} fall outside {@link LocalTime}: this text holds them all.
     */
    public static String timeText(String name, Object value) {
        if (name == null || value == null) {
            return null;
        }
        return switch (name) {
            case "io.debezium.time.MicroTime" -> clock(((Number) value).longValue());
            case "io.debezium.time.NanoTime" -> clock(((Number) value).longValue() / 1_000L);
            case "io.debezium.time.Time" -> clock(((Number) value).longValue() * 1_000L);
            default -> null;
        };
    }

    /**
     * A Debezium {@code ZonedTimestamp} in one form — UTC, six fractional digits, {@code Z} — or
     * null for another type. Debezium spells one instant differently in a snapshot and in the
     * binlog ({@code …00:00:01Z}, {@code …00:00:01.000000Z}), which would neither compare nor sort
     * alike as text.
     */
    public static String zonedTimestampText(String name, Object value) {
        if (!"io.debezium.time.ZonedTimestamp".equals(name) || value == null) {
            return null;
        }
        return ZONED.format(
                java.time.OffsetDateTime.parse(value.toString())
                        .withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static final java.time.format.DateTimeFormatter ZONED =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private static String clock(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long seconds = abs / MICROS_PER_SECOND;
        long fraction = abs % MICROS_PER_SECOND;
        return String.format(
                        "%s%02d:%02d:%02d", sign, seconds / 3600, (seconds / 60) % 60, seconds % 60)
                + (fraction == 0 ? "" : String.format(".%06d", fraction));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }

    private static Instant nanos(long nanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static BigDecimal variableScale(Struct value) {
        byte[] unscaled = value.getBytes("value");
        return new BigDecimal(new BigInteger(unscaled), value.getInt32("scale"));
    }

    private static BigDecimal toBigDecimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Double || number instanceof Float) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        return BigDecimal.valueOf(number.longValue());
    }
}
