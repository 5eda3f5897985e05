package io.ferry.dms.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Evaluates a generated corpus of DMS expressions in Ferry and in real SQLite (sqlite-jdbc), with
 * the same column values bound, and requires every result to be equal: same storage class, same
 * value. The generator is seeded, so a failure reproduces.
 */
class SqliteDifferentialTest {
    private static final int EXPRESSIONS = 2000;
    private static final Pattern REFERENCE = Pattern.compile("\\$([A-Z])");

    @Test
    void ferryAgreesWithSqliteOnEveryGeneratedExpression() throws SQLException {
        ExpressionGenerator generator = new ExpressionGenerator(new Random(20261202L));
        List<String> mismatches = new ArrayList<>();
        int errorsBoth = 0;
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            for (int i = 0; i < EXPRESSIONS; i++) {
                String expression = generator.expression();
                Map<String, Object> row = generator.row();
                Outcome expected = sqlite(sqlite, expression, row);
                Outcome actual = ferry(expression, row);
                if (expected.error() && actual.error()) {
                    errorsBoth++;
                } else if (!expected.equals(actual)) {
                    mismatches.add(
                            expression
                                    + " with "
                                    + row
                                    + ": SQLite "
                                    + expected
                                    + ", Ferry "
                                    + actual);
                }
            }
        }
        assertEquals(
                List.of(),
                mismatches.subList(0, Math.min(20, mismatches.size())),
                mismatches.size() + " mismatches");
        assertTrue(
                errorsBoth < EXPRESSIONS / 20, "too many expressions fail in both: " + errorsBoth);
    }

    private record Outcome(Object value, boolean error) {
        static Outcome of(Object value) {
            if (value instanceof Integer i) {
                return new Outcome((long) i, false);
            }
            if (value instanceof Double d && d == 0.0) {
                return new Outcome(0.0, false);
            }
            return new Outcome(value, false);
        }

        @Override
        public String toString() {
            return error
                    ? "error"
                    : value == null ? "NULL" : value.getClass().getSimpleName() + ":" + value;
        }
    }

    private static Outcome sqlite(Connection c, String expression, Map<String, Object> row)
            throws SQLException {
        Matcher m = REFERENCE.matcher(expression);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        while (m.find()) {
            params.add(row.get(m.group(1)));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return Outcome.of(rs.getObject(1));
            }
        } catch (SQLException e) {
            if (e.getMessage().contains("syntax error")) {
                throw new AssertionError("generator wrote invalid SQL: " + expression, e);
            }
            return new Outcome(null, true);
        }
    }

    private static Outcome ferry(String expression, Map<String, Object> row) {
        try {
            return Outcome.of(ExpressionParser.parse(expression).eval(row::get));
        } catch (ArithmeticException e) {
            return new Outcome(null, true);
        }
    }

    @Test
    void theGeneratorCoversTheGrammar() {
        ExpressionGenerator generator = new ExpressionGenerator(new Random(20261202L));
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < EXPRESSIONS; i++) {
            String e = generator.expression();
            for (String feature :
                    List.of(
                            "||",
                            "CASE",
                            "substr(",
                            "round(",
                            "coalesce(",
                            " AND ",
                            " IS ",
                            "/",
                            "%",
                            "nullif(",
                            "max(",
                            "trim(",
                            "hex(")) {
                if (e.contains(feature)) {
                    seen.merge(feature, 1, Integer::sum);
                }
            }
        }
        assertEquals(13, seen.size(), seen.toString());
    }
}
