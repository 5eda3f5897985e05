package io.ferry.dms.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The SQLite functions DMS expressions may call, with SQLite's NULL and type rules. */
final class Functions {
    private record Spec(int min, int max, Function<Object[], Object> body) {}

    private static final Map<String, Spec> FUNCTIONS =
            Map.ofEntries(
                    Map.entry("lower", new Spec(1, 1, a -> mapText(a[0], Functions::asciiLower))),
                    Map.entry("upper", new Spec(1, 1, a -> mapText(a[0], Functions::asciiUpper))),
                    Map.entry("length", new Spec(1, 1, a -> length(a[0]))),
                    Map.entry("substr", new Spec(2, 3, Functions::substr)),
                    Map.entry("substring", new Spec(2, 3, Functions::substr)),
                    Map.entry("trim", new Spec(1, 2, a -> trim(a, true, true))),
                    Map.entry("ltrim", new Spec(1, 2, a -> trim(a, true, false))),
                    Map.entry("rtrim", new Spec(1, 2, a -> trim(a, false, true))),
                    Map.entry("replace", new Spec(3, 3, Functions::replace)),
                    Map.entry("abs", new Spec(1, 1, a -> abs(a[0]))),
                    Map.entry("hex", new Spec(1, 1, a -> hex(a[0]))),
                    Map.entry("date", new Spec(1, Integer.MAX_VALUE, DateFunctions::date)),
                    Map.entry("time", new Spec(1, Integer.MAX_VALUE, DateFunctions::time)),
                    Map.entry("datetime", new Spec(1, Integer.MAX_VALUE, DateFunctions::datetime)),
                    Map.entry(
                            "julianday", new Spec(1, Integer.MAX_VALUE, DateFunctions::julianday)),
                    Map.entry("strftime", new Spec(2, Integer.MAX_VALUE, DateFunctions::strftime)),
                    Map.entry("round", new Spec(1, 2, Functions::round)),
                    Map.entry("coalesce", new Spec(2, Integer.MAX_VALUE, Functions::coalesce)),
                    Map.entry("ifnull", new Spec(2, 2, Functions::coalesce)),
                    Map.entry("nullif", new Spec(2, 2, Functions::nullif)),
                    Map.entry("max", new Spec(2, Integer.MAX_VALUE, a -> extreme(a, 1))),
                    Map.entry("min", new Spec(2, Integer.MAX_VALUE, a -> extreme(a, -1))));

    private Functions() {}

    static boolean exists(String name) {
        return FUNCTIONS.containsKey(name);
    }

    /** Checks the arity now, so a wrong call fails at validation, not per record. */
    static Expression call(String name, List<Expression> args, int position) {
        Spec spec = FUNCTIONS.get(name);
        if (args.size() < spec.min() || args.size() > spec.max()) {
            throw new ExpressionException(
                    "wrong number of arguments to function " + name + "() at position " + position);
        }
        Expression[] compiled = args.toArray(Expression[]::new);
        return b -> {
            Object[] values = new Object[compiled.length];
            for (int i = 0; i < compiled.length; i++) {
                values[i] = compiled[i].eval(b);
            }
            return spec.body().apply(values);
        };
    }

    private static Object mapText(Object value, Function<String, String> f) {
        return value == null ? null : f.apply(SqliteValues.text(value));
    }

    // SQLite's built-in lower() and upper() change ASCII letters only.
    private static String asciiLower(String s) {
        return shiftAscii(s, 'A', 'Z', 32);
    }

    private static String asciiUpper(String s) {
        return shiftAscii(s, 'a', 'z', -32);
    }

    private static String shiftAscii(String s, char from, char to, int shift) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= from && chars[i] <= to) {
                chars[i] = (char) (chars[i] + shift);
            }
        }
        return new String(chars);
    }

    private static Object length(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return (long) bytes.length;
        }
        String text = SqliteValues.text(value);
        return (long) text.codePointCount(0, text.length());
    }

    private static Object substr(Object[] a) {
        if (a[0] == null || a[1] == null || (a.length == 3 && a[2] == null)) {
            return null;
        }
        int[] cps = SqliteValues.text(a[0]).codePoints().toArray();
        long len = cps.length;
        long p1 = SqliteValues.integer(a[1]);
        long p2 = a.length == 3 ? SqliteValues.integer(a[2]) : Integer.MAX_VALUE;
        boolean negativeLength = p2 < 0;
        if (negativeLength) {
            p2 = -p2;
        }
        if (p1 < 0) {
            p1 += len;
            if (p1 < 0) {
                p2 += p1;
                if (p2 < 0) {
                    p2 = 0;
                }
                p1 = 0;
            }
        } else if (p1 > 0) {
            p1--;
        } else if (p2 > 0) {
            p2--;
        }
        if (negativeLength) {
            p1 -= p2;
            if (p1 < 0) {
                p2 += p1;
                p1 = 0;
            }
        }
        long from = Math.min(p1, len);
        long to = Math.min(len, from + p2);
        return new String(cps, (int) from, (int) (to - from));
    }

    private static Object trim(Object[] a, boolean left, boolean right) {
        if (a[0] == null || (a.length == 2 && a[1] == null)) {
            return null;
        }
        String s = SqliteValues.text(a[0]);
        String chars = a.length == 2 ? SqliteValues.text(a[1]) : " ";
        int start = 0;
        int end = s.length();
        while (left && start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (right && end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static Object replace(Object[] a) {
        if (a[0] == null || a[1] == null || a[2] == null) {
            return null;
        }
        String s = SqliteValues.text(a[0]);
        String from = SqliteValues.text(a[1]);
        return from.isEmpty() ? s : s.replace(from, SqliteValues.text(a[2]));
    }

    // SQLite: the upper-case hex of the value's bytes (UTF-8 text for non-blobs); NULL gives ''.
    private static Object hex(Object value) {
        if (value == null) {
            return "";
        }
        byte[] bytes =
                value instanceof byte[] blob
                        ? blob
                        : SqliteValues.text(value).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static Object abs(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new ArithmeticException("integer overflow in abs()");
            }
            return Math.abs(l);
        }
        // Text and blobs go through a real, as in SQLite.
        return Math.abs(SqliteValues.number(value).doubleValue());
    }

    private static Object round(Object[] a) {
        if (a[0] == null || (a.length == 2 && a[1] == null)) {
            return null;
        }
        long digits = a.length == 2 ? Math.max(0, Math.min(30, SqliteValues.integer(a[1]))) : 0;
        double r = SqliteValues.number(a[0]).doubleValue();
        if (Double.isInfinite(r) || Double.isNaN(r) || Math.abs(r) >= 4503599627370496.0) {
            return r;
        }
        return new BigDecimal(r).setScale((int) digits, RoundingMode.HALF_UP).doubleValue();
    }

    private static Object coalesce(Object[] a) {
        for (Object value : a) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static Object nullif(Object[] a) {
        if (a[0] != null && a[1] != null && SqliteValues.compare(a[0], a[1]) == 0) {
            return null;
        }
        return a[0];
    }

    // As SQLite: on a tie, min() takes the later argument and max() keeps the earlier one.
    private static Object extreme(Object[] a, int sign) {
        Object best = a[0];
        for (Object value : a) {
            if (value == null) {
                return null;
            }
        }
        for (int i = 1; i < a.length; i++) {
            int c = SqliteValues.compare(a[i], best);
            if (sign > 0 ? c > 0 : c <= 0) {
                best = a[i];
            }
        }
        return best;
    }
}
