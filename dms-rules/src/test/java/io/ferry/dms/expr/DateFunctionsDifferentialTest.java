package io.ferry.dms.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Every combination of a time value, a modifier and a date function, evaluated by Ferry and by real
 * SQLite: results must be equal.
 */
class DateFunctionsDifferentialTest {
    private static final List<String> VALUES =
            List.of(
                    "'2024-02-29'",
                    "'2024-02-29 13:45:10'",
                    "'2024-02-29T13:45:10.123'",
                    "'2024-02-29 13:45'",
                    "'10:30'",
                    "'10:30:15.5'",
                    "'2023-12-31 23:59:59'",
                    "'2024-01-31'",
                    "'2024-03-31 12:00:00+02:00'",
                    "'2024-03-31 12:00:00Z'",
                    "2460000.5",
                    "2460000",
                    "'2460000.25'",
                    "'x'",
                    "'2024-13-01'",
                    "''",
                    "'0000-01-01'",
                    "'9999-12-31 23:59:59'",
                    "'1969-07-20 20:17:40'",
                    "NULL");
    private static final List<String> MODIFIERS =
            List.of(
                    "",
                    ", '+1 day'",
                    ", '-3 hours'",
                    ", '+90 minutes'",
                    ", '+30 seconds'",
                    ", '+1 month'",
                    ", '-1 month'",
                    ", '+1 year'",
                    ", 'start of month'",
                    ", 'start of year'",
                    ", 'start of day'",
                    ", '+1.5 days'",
                    ", '-0.5 day'",
                    ", 'bogus'",
                    ", '+1 month', 'start of day'");
    private static final List<String> FORMATS =
            List.of("'%Y-%m-%d %H:%M:%S'", "'%j %w %W'", "'%s'", "'%f'", "'%d/%m/%Y %%'");

    @Test
    void ferryAgreesWithSqlite() throws SQLException {
        List<String> expressions = new ArrayList<>();
        for (String value : VALUES) {
            for (String modifier : MODIFIERS) {
                for (String f : List.of("date", "time", "datetime", "julianday")) {
                    expressions.add(f + "(" + value + modifier + ")");
                }
                for (String format : FORMATS) {
                    expressions.add("strftime(" + format + ", " + value + modifier + ")");
                }
            }
        }
        expressions.add("datetime(1700000000, 'unixepoch')");
        expressions.add("datetime('1700000000', 'unixepoch', '+1 day')");
        expressions.add("date(1700000000.5, 'unixepoch')");
        List<String> mismatches = new ArrayList<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement statement = sqlite.createStatement()) {
            for (String expression : expressions) {
                Object expected;
                try (ResultSet rs = statement.executeQuery("SELECT " + expression)) {
                    rs.next();
                    expected = rs.getObject(1);
                }
                if (expected instanceof Integer i) {
                    expected = (long) i;
                }
                Object actual =
                        ExpressionParser.parse(expression).eval(Map.<String, Object>of()::get);
                if (!Objects.equals(expected, actual)) {
                    mismatches.add(expression + ": SQLite " + expected + ", Ferry " + actual);
                }
            }
        }
        assertEquals(
                List.of(),
                mismatches.subList(0, Math.min(25, mismatches.size())),
                mismatches.size() + " of " + expressions.size() + " differ");
    }
}
