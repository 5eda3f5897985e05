package io.ferry.dms.expr;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's date and time functions ({@code date}, {@code time}, {@code datetime}, {@code
 * julianday}, {@code strftime}) for the time values and modifiers DMS expressions use. A moment is
 * held as SQLite holds it, milliseconds of Julian day; a value or modifier SQLite would not read
 * gives NULL.
 */
final class DateFunctions {
    private static final long MS_PER_DAY = 86_400_000L;

    /** Julian day of 1970-01-01T00:00Z, in milliseconds. */
    private static final long UNIX_EPOCH_JD_MS = 210_866_760_000_000L;

    private static final Pattern DATE_TIME =
            Pattern.compile(
                    "(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?)?\\s*(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern TIME =
            Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern SHIFT =
            Pattern.compile(
                    "([+-]?\\d+(?:\\.\\d*)?|[+-]?\\.\\d+)\\s+(day|hour|minute|second|month|year)s?");

    private DateFunctions() {}

    static Object date(Object[] a) {
        Long jd = moment(a, 0);
        if (jd == null) {
            return null;
        }
        long year = year(jd);
        // date() writes a sign and four digits; strftime's %Y is C's %04d.
        String y = (year < 0 ? "-" : "") + String.format(Locale.ROOT, "%04d", Math.abs(year));
        return y
                + String.format(
                        Locale.ROOT,
                        "-%02d-%02d",
                        field(jd, ChronoField.MONTH_OF_YEAR),
                        field(jd, ChronoField.DAY_OF_MONTH));
    }

    static Object time(Object[] a) {
        Long jd = moment(a, 0);
        return jd == null ? null : hms(jd);
    }

    static Object datetime(Object[] a) {
        Long jd = moment(a, 0);
        return jd == null ? null : date(a) + " " + hms(jd);
    }

    static Object julianday(Object[] a) {
        Long jd = moment(a, 0);
        return jd == null ? null : jd / (double) MS_PER_DAY;
    }

    static Object strftime(Object[] a) {
        if (a[0] == null) {
            return null;
        }
        Long jd = moment(a, 1);
        if (jd == null) {
            return null;
        }
        String format = SqliteValues.text(a[0]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= format.length()) {
                return null;
            }
            String piece = conversion(format.charAt(i), jd);
            if (piece == null) {
                return null;
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String conversion(char c, long jd) {
        LocalDateTime t = utc(jd);
        return switch (c) {
            case 'd' -> two(t.getDayOfMonth());
            case 'f' -> String.format(Locale.ROOT, "%06.3f", (jd % 60_000L) / 1000.0);
            case 'H' -> two(t.getHour());
            case 'j' -> String.format(Locale.ROOT, "%03d", t.getDayOfYear());
            case 'J' -> SqliteValues.formatReal(jd / (double) MS_PER_DAY);
            case 'm' -> two(t.getMonthValue());
            case 'M' -> two(t.getMinute());
            case 's' -> Long.toString(Math.floorDiv(jd - UNIX_EPOCH_JD_MS, 1000L));
            case 'S' -> two(t.getSecond());
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'W' ->
                    two(
                            (t.getDayOfYear()
                                            + 6
                                            - (t.getDayOfWeek().getValue()
                                                    - DayOfWeek.MONDAY.getValue()))
                                    / 7);
            case 'Y' -> String.format(Locale.ROOT, "%04d", t.getYear());
            case '%' -> "%";
            default -> null;
        };
    }

    private static String two(int value) {
        return String.format(Locale.ROOT, "%02d", value);
    }

    private static String hms(long jd) {
        LocalDateTime t = utc(jd);
        return two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
    }

    private static long year(long jd) {
        return utc(jd).getYear();
    }

    private static int field(long jd, ChronoField field) {
        return utc(jd).get(field);
    }

    private static LocalDateTime utc(long jd) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(jd - UNIX_EPOCH_JD_MS), ZoneOffset.UTC);
    }

    /** The moment of {@code a[at]} after the modifiers that follow it; null when unreadable. */
    private static Long moment(Object[] a, int at) {
        if (at >= a.length || a[at] == null) {
            return null;
        }
        Long jd = null;
        int next = at + 1;
        if (next < a.length
                && a[next] != null
                && SqliteValues.text(a[next]).trim().equalsIgnoreCase("unixepoch")) {
            if (!(a[at] instanceof Long || a[at] instanceof Double)) {
                Number n = SqliteValues.parsePrefix(SqliteValues.text(a[at]));
                jd = unixSeconds(n);
            } else {
                jd = unixSeconds((Number) a[at]);
            }
            next++;
        } else {
            jd = parse(a[at]);
        }
        for (int i = next; i < a.length && jd != null; i++) {
            jd =
                    a[i] == null
                            ? null
                            : modify(jd, SqliteValues.text(a[i]).trim().toLowerCase(Locale.ROOT));
        }
        return jd == null || !inRange(jd) ? null : jd;
    }

    private static long unixSeconds(Number seconds) {
        return UNIX_EPOCH_JD_MS + Math.round(seconds.doubleValue() * 1000.0);
    }

    // SQLite's valid range: Julian day 0 (4714 BC) to the end of 9999.
    private static boolean inRange(long jd) {
        return jd >= 0 && jd <= 464_269_060_799_999L;
    }

    private static Long parse(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return Math.round(((Number) value).doubleValue() * MS_PER_DAY);
        }
        String text = SqliteValues.text(value).trim();
        Matcher m = DATE_TIME.matcher(text);
        if (m.matches()) {
            LocalDate date;
            try {
                date =
                        LocalDate.of(
                                Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException e) {
                return null;
            }
            return compose(date, m.group(4), m.group(5), m.group(6), m.group(7), m.group(8));
        }
        m = TIME.matcher(text);
        if (m.matches()) {
            return compose(
                    LocalDate.of(2000, 1, 1),
                    m.group(1),
                    m.group(2),
                    m.group(3),
                    m.group(4),
                    m.group(5));
        }
        if (text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return Math.round(Double.parseDouble(text) * MS_PER_DAY);
        }
        return null;
    }

    private static Long compose(
            LocalDate date, String h, String min, String s, String fraction, String zone) {
        int hour = h == null ? 0 : Integer.parseInt(h);
        int minute = min == null ? 0 : Integer.parseInt(min);
        int second = s == null ? 0 : Integer.parseInt(s);
        if (hour > 24 || minute > 59 || second > 59) {
            return null;
        }
        double seconds = second + (fraction == null ? 0 : Double.parseDouble("0" + fraction));
        long ms =
                date.toEpochDay() * MS_PER_DAY
                        + hour * 3_600_000L
                        + minute * 60_000L
                        + Math.round(seconds * 1000.0);
        if (zone != null && !zone.equals("Z")) {
            int sign = zone.charAt(0) == '-' ? -1 : 1;
            ms -=
                    sign
                            * (Integer.parseInt(zone.substring(1, 3)) * 3_600_000L
                                    + Integer.parseInt(zone.substring(4, 6)) * 60_000L);
        }
        return ms + UNIX_EPOCH_JD_MS;
    }

    private static Long modify(long jd, String modifier) {
        switch (modifier) {
            case "start of day":
                return Math.floorDiv(jd - UNIX_EPOCH_JD_MS, MS_PER_DAY) * MS_PER_DAY
                        + UNIX_EPOCH_JD_MS;
            case "start of month":
                {
                    LocalDate d = utc(jd).toLocalDate().withDayOfMonth(1);
                    return d.toEpochDay() * MS_PER_DAY + UNIX_EPOCH_JD_MS;
                }
            case "start of year":
                {
                    LocalDate d = utc(jd).toLocalDate().withDayOfYear(1);
                    return d.toEpochDay() * MS_PER_DAY + UNIX_EPOCH_JD_MS;
                }
            default:
                break;
        }
        Matcher m = SHIFT.matcher(modifier);
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "day" -> jd + Math.round(amount * MS_PER_DAY);
            case "hour" -> jd + Math.round(amount * 3_600_000.0);
            case "minute" -> jd + Math.round(amount * 60_000.0);
            case "second" -> jd + Math.round(amount * 1000.0);
            case "month" -> addMonths(jd, (long) amount);
            default -> addMonths(jd, (long) amount * 12);
        };
    }

    // SQLite moves the month and lets an overflowing day roll into the next month (Jan 31 + 1 month
    // = Mar 2 or 3).
    private static long addMonths(long jd, long months) {
        LocalDateTime t = utc(jd);
        long index = t.getYear() * 12L + (t.getMonthValue() - 1) + months;
        LocalDate first =
                LocalDate.of((int) Math.floorDiv(index, 12), (int) Math.floorMod(index, 12) + 1, 1);
        long day = first.toEpochDay() + t.getDayOfMonth() - 1;
        long timeOfDay = Math.floorMod(jd - UNIX_EPOCH_JD_MS, MS_PER_DAY);
        return day * MS_PER_DAY + timeOfDay + UNIX_EPOCH_JD_MS;
    }
}
