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
import java.util.List;
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
     * [-]HH:MM:SS[.ffffff[fff]]}, or null for another type. MySQL's TIME (negative, up to 838
     * hours) and PostgreSQL's {@code 24:00:00} fall outside {@link LocalTime}: this text holds them
     * all.
     */
    public static String timeText(String name, Object value) {
        Long nanos = timeNanos(name, value);
        return nanos == null ? null : clock(nanos);
    }

    /** Whether a Debezium time value is a time of day, one {@link LocalTime} holds. */
    public static boolean isTimeOfDay(String name, Object value) {
        Long nanos = timeNanos(name, value);
        return nanos == null || (nanos >= 0 && nanos < 86_400L * NANOS_PER_SECOND);
    }

    private static Long timeNanos(String name, Object value) {
        if (name == null || value == null) {
            return null;
        }
        return switch (name) {
            case "io.debezium.time.MicroTime" -> ((Number) value).longValue() * 1_000L;
            case "io.debezium.time.NanoTime" -> ((Number) value).longValue();
            case "io.debezium.time.Time" -> ((Number) value).longValue() * 1_000_000L;
            default -> null;
        };
    }

    /**
     * A Debezium {@code ZonedTimestamp} in one form — its offset kept ({@code Z} for UTC), at least
     * six fractional digits and up to nine — or null for another type. Debezium spells one instant
     * differently in a snapshot and in the binlog ({@code …00:00:01Z}, {@code …00:00:01.000000Z}),
     * which would neither compare nor sort alike as text, nor make the same key.
     */
    public static String zonedTimestampText(String name, Object value) {
        if (!"io.debezium.time.ZonedTimestamp".equals(name) || value == null) {
            return null;
        }
        return ZONED.format(zonedTimestamp(value));
    }

    /**
     * A Debezium {@code ZonedTimestamp}'s instant and offset, or a {@link
     * org.apache.kafka.connect.errors.DataException} for one no target reads as the source meant:
     * PostgreSQL's {@code ±infinity} (Debezium sends the words) or a year outside 1 to 9999.
     */
    public static java.time.OffsetDateTime zonedTimestamp(Object value) {
        java.time.OffsetDateTime parsed;
        try {
            parsed = java.time.OffsetDateTime.parse(value.toString());
        } catch (java.time.format.DateTimeParseException e) {
            throw new org.apache.kafka.connect.errors.DataException(
                    "timestamp "
                            + value
                            + " is not one a target holds (PostgreSQL's infinity arrives so)",
                    e);
        }
        withinCommonEra(parsed.toLocalDateTime());
        return parsed;
    }

    private static final java.time.format.DateTimeFormatter ZONED =
            new java.time.format.DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
                    .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 6, 9, true)
                    .appendOffset("+HH:MM:ss", "Z") // seconds of a historical offset kept
                    .toFormatter();

    /**
     * A float's own decimal: the fewest digits that read back as the same float (what PostgreSQL
     * and MySQL show), not those of its widening to a double. JDKs before 19 print more from {@link
     * Float#toString}, so it is computed here.
     */
    public static BigDecimal shortestDecimal(float value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits < 9; digits++) {
            // The nearest candidate, then its neighbours: at a power of two the float's interval
            // is lopsided, and the other neighbour may be the one that reads back.
            for (java.math.RoundingMode mode :
                    List.of(
                            java.math.RoundingMode.HALF_EVEN,
                            java.math.RoundingMode.FLOOR,
                            java.math.RoundingMode.CEILING)) {
                BigDecimal rounded = exact.round(new java.math.MathContext(digits, mode));
                if (rounded.floatValue() == value) {
                    return rounded.stripTrailingZeros();
                }
            }
        }
        return exact.round(new java.math.MathContext(9)).stripTrailingZeros();
    }

    /**
     * The value itself, or a {@link org.apache.kafka.connect.errors.DataException} for a date or
     * timestamp outside the years 1 to 9999: Debezium sends PostgreSQL's {@code ±infinity} (and a
     * pre-1582 year 1 moved into year 0) as such far dates, which no target reads as the source
     * meant.
     */
    public static Object withinCommonEra(Object plain) {
        int year =
                plain instanceof LocalDate date
                        ? date.getYear()
                        : plain instanceof LocalDateTime time ? time.getYear() : 1;
        if (year < 1 || year > 9999) {
            throw new org.apache.kafka.connect.errors.DataException(
                    plain + " is outside the years 1 to 9999 (a PostgreSQL ±infinity arrives so)");
        }
        return plain;
    }

    private static String clock(long nanos) {
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        long seconds = abs / NANOS_PER_SECOND;
        long fraction = abs % NANOS_PER_SECOND;
        String text =
                String.format(
                        "%s%02d:%02d:%02d",
                        sign, seconds / 3600, (seconds / 60) % 60, seconds % 60);
        if (fraction == 0) {
            return text;
        }
        return fraction % 1_000 == 0
                ? text + String.format(".%06d", fraction / 1_000)
                : text + String.format(".%09d", fraction);
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
