package io.ferry.cli;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * A column value as text both engines agree on, so a PostgreSQL row and its MariaDB copy compare
 * equal: exact decimals without trailing zeros, ISO dates and times, hex bytes, booleans as words.
 */
final class CanonicalValue {
    private CanonicalValue() {}

    /**
     * A column's value as the driver gives it, times of day as {@link java.time.LocalTime} (with
     * their fraction, which {@link Time} loses).
     */
    static Object read(java.sql.ResultSet result, int column) throws java.sql.SQLException {
        if (result.getMetaData().getColumnType(column) == java.sql.Types.TIME) {
            return result.getObject(column, java.time.LocalTime.class);
        }
        return result.getObject(column);
    }

    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // NaN and the infinities have no exact decimal: their own names.
            return Double.isFinite(d) ? of(new BigDecimal(value.toString())) : Double.toString(d);
        }
        if (value instanceof Number number) {
            return of(new BigDecimal(number.toString()));
        }
        if (value instanceof Boolean bool) {
            return bool ? "true" : "false";
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Time time) {
            // Time.toLocalTime() drops the fraction; the milliseconds are in getTime().
            return time.toLocalTime()
                    .withNano((int) Math.floorMod(time.getTime(), 1000L) * 1_000_000)
                    .toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        return value.toString();
    }
}
