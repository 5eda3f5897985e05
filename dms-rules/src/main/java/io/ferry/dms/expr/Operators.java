package io.ferry.dms.expr;

/** SQLite's operators on values without affinity: NULL in gives NULL out, except IS and AND/OR. */
final class Operators {
    private Operators() {}

    static Object add(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        Number y = SqliteValues.number(b);
        if (x instanceof Long l && y instanceof Long m) {
            long r = l + m;
            // Overflow: SQLite falls back to a real.
            return ((l ^ r) & (m ^ r)) < 0 ? (Object) (l.doubleValue() + m.doubleValue()) : r;
        }
        return real(x.doubleValue() + y.doubleValue());
    }

    static Object subtract(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        Number y = SqliteValues.number(b);
        if (x instanceof Long l && y instanceof Long m) {
            long r = l - m;
            return ((l ^ m) & (l ^ r)) < 0 ? (Object) (l.doubleValue() - m.doubleValue()) : r;
        }
        return real(x.doubleValue() - y.doubleValue());
    }

    static Object multiply(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        Number y = SqliteValues.number(b);
        if (x instanceof Long l && y instanceof Long m) {
            long high = Math.multiplyHigh(l, m);
            long low = l * m;
            boolean fits = (high == 0 && low >= 0) || (high == -1 && low < 0);
            return fits ? (Object) low : (Object) (l.doubleValue() * m.doubleValue());
        }
        return real(x.doubleValue() * y.doubleValue());
    }

    static Object divide(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        Number y = SqliteValues.number(b);
        if (x instanceof Long l && y instanceof Long m) {
            if (m == 0) {
                return null;
            }
            if (l == Long.MIN_VALUE && m == -1) {
                return -l.doubleValue();
            }
            return l / m;
        }
        if (y.doubleValue() == 0.0) {
            return null;
        }
        return real(x.doubleValue() / y.doubleValue());
    }

    // With a real operand SQLite still takes the remainder of the integer parts, as a real.
    static Object remainder(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        Number y = SqliteValues.number(b);
        long l = SqliteValues.integer(a);
        long m = SqliteValues.integer(b);
        if (m == 0) {
            return null;
        }
        long r = m == -1 ? 0 : l % m;
        return x instanceof Long && y instanceof Long ? (Object) r : (Object) (double) r;
    }

    // SQLite has no NaN: an operation that makes one (such as Inf * 0) gives NULL.
    private static Double real(double value) {
        return Double.isNaN(value) ? null : value;
    }

    static Object negate(Object a) {
        if (a == null) {
            return null;
        }
        Number x = SqliteValues.number(a);
        if (x instanceof Long l) {
            return l == Long.MIN_VALUE ? (Object) (-l.doubleValue()) : (Object) (-l);
        }
        return -x.doubleValue();
    }

    static Object concat(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return SqliteValues.text(a) + SqliteValues.text(b);
    }

    /** {@code <}, {@code =}, …: {@code test} gets the sign of the comparison. */
    static Object compare(Object a, Object b, java.util.function.IntPredicate test) {
        if (a == null || b == null) {
            return null;
        }
        return test.test(SqliteValues.compare(a, b)) ? 1L : 0L;
    }

    /** {@code IS}: like {@code =}, but NULL is NULL and the result is never NULL. */
    static Object is(Object a, Object b) {
        if (a == null || b == null) {
            return a == b ? 1L : 0L;
        }
        return SqliteValues.compare(a, b) == 0 ? 1L : 0L;
    }

    static Object and(Object a, Object b) {
        Boolean x = SqliteValues.truth(a);
        Boolean y = SqliteValues.truth(b);
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
            return 0L;
        }
        return x == null || y == null ? null : 1L;
    }

    static Object or(Object a, Object b) {
        Boolean x = SqliteValues.truth(a);
        Boolean y = SqliteValues.truth(b);
        if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) {
            return 1L;
        }
        return x == null || y == null ? null : 0L;
    }

    static Object not(Object a) {
        Boolean x = SqliteValues.truth(a);
        return x == null ? null : x ? 0L : 1L;
    }
}
