package io.ferry.dms.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * SQLite's rules for values without column affinity, as DMS expressions see them: conversions
 * between storage classes, truth, ordering across classes, and real-to-text formatting.
 */
final class SqliteValues {
    private SqliteValues() {}

    /** Text for {@code ||} and string functions; null stays null. */
    static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long l) {
            return Long.toString(l);
        }
        if (value instanceof Double d) {
            return formatReal(d);
        }
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }

    /** A Long or Double for arithmetic: text by its longest numeric prefix, as SQLite does. */
    static Number number(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return (Number) value;
        }
        return parsePrefix(text(value));
    }

    /** Truth of a condition: null for NULL, else the number is not zero. */
    static Boolean truth(Object value) {
        if (value == null) {
            return null;
        }
        Number n = number(value);
        return n instanceof Long l ? l != 0 : n.doubleValue() != 0.0;
    }

    static Long bool(Boolean b) {
        return b == null ? null : b ? 1L : 0L;
    }

    /** SQLite's cross-class order: numbers, then text, then blobs. Neither may be null. */
    static int compare(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 1 -> compareNumbers((Number) a, (Number) b);
            case 2 -> ((String) a).compareTo((String) b);
            default -> java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        };
    }

    private static int rank(Object value) {
        return value instanceof String ? 2 : value instanceof byte[] ? 3 : 1;
    }

    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (Double.isInfinite(a.doubleValue()) || Double.isInfinite(b.doubleValue())) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return exact(a).compareTo(exact(b));
    }

    private static BigDecimal exact(Number n) {
        return n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(n.doubleValue());
    }

    /**
     * An integer view, as SQLite casts a value to int64: reals truncate (saturating), and text
     * reads only its integer prefix ({@code '1e2'} is 1).
     */
    static long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return Double.isNaN(d) ? 0 : (long) d.doubleValue();
        }
        String s = text(value);
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        BigDecimal digits = BigDecimal.ZERO;
        while (i < s.length() && isDigit(s.charAt(i))) {
            digits = digits.movePointRight(1).add(BigDecimal.valueOf(s.charAt(i++) - '0'));
        }
        BigDecimal signed = negative ? digits.negate() : digits;
        return signed.max(BigDecimal.valueOf(Long.MIN_VALUE))
                .min(BigDecimal.valueOf(Long.MAX_VALUE))
                .longValue();
    }

    static Number parsePrefix(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        boolean real = false;
        if (i < n && s.charAt(i) == '.') {
            int j = i + 1;
            int fraction = 0;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
                fraction++;
            }
            if (digits + fraction > 0) {
                real = true;
                digits += fraction;
                i = j;
            }
        }
        if (digits == 0) {
            return 0L;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int exponent = 0;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
                exponent++;
            }
            if (exponent > 0) {
                real = true;
                i = j;
            }
        }
        String number = s.substring(start, i);
        if (!real) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException overflow) {
                return Double.parseDouble(number);
            }
        }
        return Double.parseDouble(number);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * SQLite's text for a real: 15 significant digits when they give the value back, else 17;
     * always a decimal point; exponent form below 1e-4 and from 1e15 (or 1e17) up.
     */
    static String formatReal(double d) {
        if (d == 0) {
            return "0.0";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        int precision = 15;
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN));
        if (rounded.doubleValue() != d) {
            precision = 17;
            rounded = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        rounded = rounded.stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().abs().toString();
            String mantissa =
                    digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
            String sign = d < 0 ? "-" : "";
            String expSign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return sign + mantissa + "e" + expSign + (abs < 10 ? "0" : "") + abs;
        }
        String plain = rounded.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
