package io.ferry.dms.expr;

import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import org.apache.kafka.connect.data.Schema;

/**
 * Crosses between Connect values and the values expressions see: column values become SQLite
 * storage classes (dates and times as DMS's text forms, decimals as integers or reals), and results
 * become the Connect value of the rule's {@code data-type}.
 */
public final class ExpressionValues {
    public static final DateTimeFormatter TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .toFormatter();
    public static final DateTimeFormatter DATE_TIME =
            new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd ").append(TIME).toFormatter();
    private static final DateTimeFormatter PARSE_DATE_TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("yyyy-MM-dd")
                    .optionalStart()
                    .appendLiteral(' ')
                    .append(TIME)
                    .optionalEnd()
                    .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                    .toFormatter();

    private ExpressionValues() {}

    /** Whether a result counts as true, as SQLite's WHERE judges it (NULL does not). */
    public static boolean isTrue(Object result) {
        return Boolean.TRUE.equals(SqliteValues.truth(result));
    }

    /** A column value as an expression sees it. */
    public static Object fromConnect(Schema schema, Object value) {
        Object plain = LogicalValues.plain(schema, value);
        if (plain == null || plain instanceof String || plain instanceof byte[]) {
            return plain;
        }
        if (plain instanceof BigDecimal number) {
            return integral(number)
                    ? (Object) number.longValueExact()
                    : (Object) number.doubleValue();
        }
        if (plain instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        if (plain instanceof LocalDateTime dateTime) {
            return DATE_TIME.format(dateTime);
        }
        if (plain instanceof LocalTime time) {
            return TIME.format(time);
        }
        return plain.toString();
    }

    private static boolean integral(BigDecimal number) {
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            return false;
        }
        return number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /**
     * An expression's result as the Connect value of {@code type}.
     *
     * @throws IllegalArgumentException when the result cannot be read as that type
     */
    public static Object toConnect(DataType type, Object result) {
        if (result == null) {
            return null;
        }
        return switch (type.type()) {
            case "int1" -> (byte) SqliteValues.integer(result);
            case "int2", "uint1" -> (short) SqliteValues.integer(result);
            case "int4", "uint2" -> (int) SqliteValues.integer(result);
            case "int8", "uint4" -> SqliteValues.integer(result);
            case "real4" -> SqliteValues.number(result).floatValue();
            case "real8" -> SqliteValues.number(result).doubleValue();
            case "numeric", "uint8" -> decimal(result, type.decimalScale());
            case "boolean" -> Boolean.TRUE.equals(SqliteValues.truth(result));
            case "date" ->
                    java.util.Date.from(date(result).atStartOfDay().toInstant(ZoneOffset.UTC));
            case "time" ->
                    java.util.Date.from(
                            LocalTime.parse(SqliteValues.text(result).trim(), TIME)
                                    .atDate(LocalDate.EPOCH)
                                    .toInstant(ZoneOffset.UTC));
            case "datetime" -> java.util.Date.from(dateTime(result).toInstant(ZoneOffset.UTC));
            case "bytes", "blob" ->
                    result instanceof byte[] bytes
                            ? bytes
                            : SqliteValues.text(result).getBytes(StandardCharsets.UTF_8);
            default -> SqliteValues.text(result);
        };
    }

    private static BigDecimal decimal(Object result, int scale) {
        Number n = SqliteValues.number(result);
        BigDecimal value =
                n instanceof Long l ? BigDecimal.valueOf(l) : BigDecimal.valueOf(n.doubleValue());
        return value.setScale(scale, RoundingMode.HALF_UP);
    }

    private static LocalDate date(Object result) {
        return dateTime(result).toLocalDate();
    }

    private static LocalDateTime dateTime(Object result) {
        try {
            return LocalDateTime.parse(SqliteValues.text(result).trim(), PARSE_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + SqliteValues.text(result) + "' is not a DMS date or datetime", e);
        }
    }
}
