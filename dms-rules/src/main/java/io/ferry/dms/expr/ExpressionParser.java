package io.ferry.dms.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses the SQLite expression syntax DMS uses ({@code $COL}, literals, {@code ||}, arithmetic,
 * comparisons, {@code AND}/{@code OR}/{@code NOT}, {@code IS [NOT]}, {@code CASE}, functions) into
 * an {@link Expression}, once. Precedence is SQLite's: unary, {@code ||}, {@code * / %}, {@code +
 * -}, {@code < <= > >=}, {@code = == != <> IS}, {@code NOT}, {@code AND}, {@code OR}.
 */
public final class ExpressionParser {
    private final List<Token> tokens;
    private int at;

    private ExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Expression parse(String text) {
        ExpressionParser parser = new ExpressionParser(Lexer.tokens(text));
        Expression expression = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw parser.error("unexpected '" + rest.text() + "'", rest);
        }
        return expression;
    }

    /**
     * Parses the expression held by a config key, failing with a {@link ConfigException} that names
     * the key: the validator and {@code configure()} call this same method.
     */
    public static Expression parseSetting(String key, String text) {
        if (text == null) {
            throw new ConfigException(key, null, "an expression is required");
        }
        try {
            return parse(text);
        } catch (ExpressionException e) {
            throw new ConfigException(key, text, e.getMessage());
        }
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private boolean accept(String symbolOrKeyword) {
        Token t = peek();
        if ((t.kind() == Token.Kind.SYMBOL || t.kind() == Token.Kind.KEYWORD)
                && t.text().equals(symbolOrKeyword)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String symbolOrKeyword) {
        if (!accept(symbolOrKeyword)) {
            Token t = peek();
            throw error("expected '" + symbolOrKeyword + "' but found '" + t.text() + "'", t);
        }
    }

    private ExpressionException error(String message, Token t) {
        return new ExpressionException(message + " at position " + (t.position() + 1));
    }

    private Expression or() {
        Expression left = and();
        while (accept("OR")) {
            Expression l = left;
            Expression r = and();
            left = b -> Operators.or(l.eval(b), r.eval(b));
        }
        return left;
    }

    private Expression and() {
        Expression left = not();
        while (accept("AND")) {
            Expression l = left;
            Expression r = not();
            left = b -> Operators.and(l.eval(b), r.eval(b));
        }
        return left;
    }

    private Expression not() {
        if (accept("NOT")) {
            Expression operand = not();
            return b -> Operators.not(operand.eval(b));
        }
        return equality();
    }

    private Expression equality() {
        Expression left = relational();
        while (true) {
            Expression l = left;
            if (accept("=") || accept("==")) {
                Expression r = relational();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c == 0);
            } else if (accept("!=") || accept("<>")) {
                Expression r = relational();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c != 0);
            } else if (accept("IS")) {
                boolean negated = accept("NOT");
                Expression r = relational();
                left =
                        negated
                                ? b -> Operators.not(Operators.is(l.eval(b), r.eval(b)))
                                : b -> Operators.is(l.eval(b), r.eval(b));
            } else {
                return left;
            }
        }
    }

    private Expression relational() {
        Expression left = additive();
        while (true) {
            Expression l = left;
            if (accept("<")) {
                Expression r = additive();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c < 0);
            } else if (accept("<=")) {
                Expression r = additive();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c <= 0);
            } else if (accept(">")) {
                Expression r = additive();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c > 0);
            } else if (accept(">=")) {
                Expression r = additive();
                left = b -> Operators.compare(l.eval(b), r.eval(b), c -> c >= 0);
            } else {
                return left;
            }
        }
    }

    private Expression additive() {
        Expression left = multiplicative();
        while (true) {
            Expression l = left;
            if (accept("+")) {
                Expression r = multiplicative();
                left = b -> Operators.add(l.eval(b), r.eval(b));
            } else if (accept("-")) {
                Expression r = multiplicative();
                left = b -> Operators.subtract(l.eval(b), r.eval(b));
            } else {
                return left;
            }
        }
    }

    private Expression multiplicative() {
        Expression left = concat();
        while (true) {
            Expression l = left;
            if (accept("*")) {
                Expression r = concat();
                left = b -> Operators.multiply(l.eval(b), r.eval(b));
            } else if (accept("/")) {
                Expression r = concat();
                left = b -> Operators.divide(l.eval(b), r.eval(b));
            } else if (accept("%")) {
                Expression r = concat();
                left = b -> Operators.remainder(l.eval(b), r.eval(b));
            } else {
                return left;
            }
        }
    }

    private Expression concat() {
        Expression left = unary();
        while (accept("||")) {
            Expression l = left;
            Expression r = unary();
            left = b -> Operators.concat(l.eval(b), r.eval(b));
        }
        return left;
    }

    private Expression unary() {
        if (accept("-")) {
            Expression operand = unary();
            return b -> Operators.negate(operand.eval(b));
        }
        if (accept("+")) {
            return unary();
        }
        return primary();
    }

    private Expression primary() {
        Token t = next();
        switch (t.kind()) {
            case INTEGER, REAL, STRING -> {
                Object value = t.value();
                return b -> value;
            }
            case REFERENCE -> {
                String name = t.text();
                return b -> b.value(name);
            }
            case IDENTIFIER -> {
                return call(t);
            }
            case KEYWORD -> {
                if (t.text().equals("NULL")) {
                    return b -> null;
                }
                if (t.text().equals("CASE")) {
                    return caseExpression();
                }
            }
            case SYMBOL -> {
                if (t.text().equals("(")) {
                    Expression inner = or();
                    expect(")");
                    return inner;
                }
            }
            default -> {}
        }
        throw error(
                t.kind() == Token.Kind.END
                        ? "unexpected end of expression"
                        : "unexpected '" + t.text() + "'",
                t);
    }

    /**
     * Whether the expression calls {@code function}: {@code operation_indicator} turns deletes into
     * updates, so the table-mapping SMT must know before it sees a record.
     */
    public static boolean calls(String text, String function) {
        List<Token> tokens = Lexer.tokens(text);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.IDENTIFIER
                    && t.text().equalsIgnoreCase(function)
                    && tokens.get(i + 1).text().equals("(")) {
                return true;
            }
        }
        return false;
    }

    private Expression call(Token name) {
        String function = name.text().toLowerCase(Locale.ROOT);
        if (function.equals(OPERATION_INDICATOR)) {
            return operationIndicator(name);
        }
        if (!Functions.exists(function)) {
            throw error("unknown function " + name.text() + "()", name);
        }
        expect("(");
        List<Expression> args = new ArrayList<>();
        if (!accept(")")) {
            do {
                args.add(or());
            } while (accept(","));
            expect(")");
        }
        return Functions.call(function, args, name.position() + 1);
    }

    /**
     * DMS's operation_indicator(deleted, updated, inserted): the flag for the change's operation.
     */
    public static final String OPERATION_INDICATOR = "operation_indicator";

    private Expression operationIndicator(Token name) {
        expect("(");
        List<Expression> args = new ArrayList<>();
        do {
            args.add(or());
        } while (accept(","));
        expect(")");
        if (args.size() != 3) {
            throw error(
                    "operation_indicator() takes 3 arguments: the flags for delete, update and insert",
                    name);
        }
        return b -> {
            Object op = b.value("AR_H_OPERATION");
            int which =
                    "DELETE".equals(op)
                            ? 0
                            : "UPDATE".equals(op) ? 1 : "INSERT".equals(op) ? 2 : -1;
            return which < 0 ? null : args.get(which).eval(b);
        };
    }

    private Expression caseExpression() {
        if (peek().kind() == Token.Kind.KEYWORD && peek().text().equals("END")) {
            throw error("CASE needs at least one WHEN", peek());
        }
        Expression base =
                peek().kind() == Token.Kind.KEYWORD && peek().text().equals("WHEN") ? null : or();
        List<Expression[]> branches = new ArrayList<>();
        while (accept("WHEN")) {
            Expression when = or();
            expect("THEN");
            branches.add(new Expression[] {when, or()});
        }
        if (branches.isEmpty()) {
            throw error("CASE needs at least one WHEN", peek());
        }
        Expression otherwise = accept("ELSE") ? or() : b -> null;
        expect("END");
        return b -> {
            Object subject = base == null ? null : base.eval(b);
            for (Expression[] branch : branches) {
                Object when = branch[0].eval(b);
                boolean hit =
                        base == null
                                ? Boolean.TRUE.equals(SqliteValues.truth(when))
                                : subject != null
                                        && when != null
                                        && SqliteValues.compare(subject, when) == 0;
                if (hit) {
                    return branch[1].eval(b);
                }
            }
            return otherwise.eval(b);
        };
    }
}
