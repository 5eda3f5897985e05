package io.ferry.dms.plan;

import io.ferry.dms.expr.ExpressionValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Compares a plain column value with a filter operand as DMS does, following SQLite: numbers
 * numerically when the operand is a number; dates and times as their text ({@code YYYY-MM-DD},
 * {@code YYYY-MM-DD HH:MM:SS[.ffffff]}), so {@code '2024-01-01'} orders before any time that day;
 * everything else as text.
 */
final class ComparableText {
    private ComparableText() {}

    /** The operand as a number, or null when it is not one. */
    static BigDecimal number(String operand) {
        try {
            return new BigDecimal(operand.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sign of value − operand. {@code numeric} is {@link #number(String)} of the operand. */
    static int compare(Object value, String operand, BigDecimal numeric) {
        if (numeric != null) {
            BigDecimal number = asNumber(value);
            if (number != null) {
                return Integer.signum(number.compareTo(numeric));
            }
        }
        return Integer.signum(text(value).compareTo(operand));
    }

    private static BigDecimal asNumber(Object value) {
        if (value instanceof BigDecimal number) {
            return number;
        }
        if (value instanceof Boolean bool) {
            return bool ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        return null;
    }

    static String text(Object value) {
        if (value instanceof LocalDateTime dateTime) {
            return ExpressionValues.DATE_TIME.format(dateTime);
        }
        if (value instanceof LocalTime time) {
            return ExpressionValues.TIME.format(time);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        return String.valueOf(value);
    }
}
