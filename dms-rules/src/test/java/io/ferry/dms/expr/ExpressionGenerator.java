package io.ferry.dms.expr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random DMS expressions over columns A (integer), B (real), C (text) and D (integer or NULL).
 * Reals stay dyadic (halves, quarters) so that their text form is the short one SQLite prints.
 */
final class ExpressionGenerator {
    private static final List<String> STRINGS =
            List.of(
                    "'abc'",
                    "'12'",
                    "' 7 '",
                    "'3.5'",
                    "''",
                    "'Hello World'",
                    "'1e2'",
                    "'x1'",
                    "'it''s'",
                    "'-4'");
    private static final List<String> REALS =
            List.of("0.5", "1.25", "-2.75", "3.0", "100.5", "0.25");
    private static final List<String> COMPARISONS =
            List.of("<", "<=", ">", ">=", "=", "==", "!=", "<>", "IS", "IS NOT");

    private final Random random;

    ExpressionGenerator(Random random) {
        this.random = random;
    }

    String expression() {
        return generate(4);
    }

    Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("A", (long) (random.nextInt(26) - 5));
        row.put("B", List.of(0.5, -1.25, 2.0, 3.75, 0.0).get(random.nextInt(5)));
        row.put("C", pick(STRINGS).replace("''", "'").replaceAll("^'|'$", ""));
        row.put("D", random.nextBoolean() ? null : (long) random.nextInt(10));
        return row;
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String generate(int depth) {
        if (depth == 0 || random.nextInt(10) < 3) {
            return leaf();
        }
        int d = depth - 1;
        return switch (random.nextInt(14)) {
            case 0, 1 -> binary(d, pick(List.of("+", "-", "*")));
            case 2 -> generate(d) + " / " + pick(List.of("2", "4", "-2", "0.5", "0.25", "0"));
            case 3 -> generate(d) + " % " + pick(List.of("3", "2", "-4", "0", "2.5"));
            case 4 -> binary(d, "||");
            case 5 -> binary(d, pick(COMPARISONS));
            case 6 -> binary(d, pick(List.of("AND", "OR")));
            case 7 -> random.nextBoolean() ? "NOT " + paren(d) : "-" + paren(d);
            case 8 -> caseExpression(d);
            default -> function(d);
        };
    }

    // Operands are sometimes left bare so that both parsers must apply the same precedence.
    private String binary(int depth, String operator) {
        String left = random.nextInt(3) == 0 ? generate(depth) : paren(depth);
        return left + " " + operator + " " + paren(depth);
    }

    private String paren(int depth) {
        return "(" + generate(depth) + ")";
    }

    private String leaf() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(120) - 20);
            case 1 -> pick(REALS);
            case 2 -> pick(STRINGS);
            case 3 -> random.nextInt(4) == 0 ? "NULL" : "$D";
            default -> "$" + pick(List.of("A", "B", "C", "D"));
        };
    }

    private String caseExpression(int depth) {
        StringBuilder out = new StringBuilder("CASE ");
        boolean simple = random.nextBoolean();
        if (simple) {
            out.append(paren(depth)).append(' ');
        }
        int branches = 1 + random.nextInt(2);
        for (int i = 0; i < branches; i++) {
            out.append("WHEN ")
                    .append(paren(depth))
                    .append(" THEN ")
                    .append(paren(depth))
                    .append(' ');
        }
        if (random.nextBoolean()) {
            out.append("ELSE ").append(paren(depth)).append(' ');
        }
        return out.append("END").toString();
    }

    private String function(int depth) {
        String x = generate(depth);
        return switch (random.nextInt(13)) {
            case 0 -> "lower(" + x + ")";
            case 1 -> "upper(" + x + ")";
            case 2 -> "length(" + x + ")";
            case 3 ->
                    "substr("
                            + x
                            + ", "
                            + (random.nextInt(9) - 4)
                            + (random.nextBoolean() ? ", " + (random.nextInt(9) - 3) : "")
                            + ")";
            case 4 ->
                    pick(List.of("trim", "ltrim", "rtrim"))
                            + "("
                            + x
                            + (random.nextBoolean() ? ", 'a 1'" : "")
                            + ")";
            case 5 ->
                    "replace("
                            + x
                            + ", "
                            + pick(List.of("'1'", "'a'", "''", "' '"))
                            + ", "
                            + pick(STRINGS)
                            + ")";
            case 6 -> random.nextBoolean() ? "abs(" + x + ")" : "hex(" + x + ")";
            case 7 -> "round(" + x + (random.nextBoolean() ? ", " + random.nextInt(3) : "") + ")";
            case 8 ->
                    "coalesce("
                            + x
                            + ", "
                            + generate(depth)
                            + (random.nextBoolean() ? ", " + leaf() : "")
                            + ")";
            case 9 -> "ifnull(" + x + ", " + generate(depth) + ")";
            case 10 -> "nullif(" + x + ", " + generate(depth) + ")";
            case 11 -> "max(" + x + ", " + generate(depth) + ")";
            default ->
                    "min("
                            + x
                            + ", "
                            + generate(depth)
                            + (random.nextBoolean() ? ", " + leaf() : "")
                            + ")";
        };
    }
}
