package io.ferry.dms.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits an expression into tokens: SQLite's literals, {@code $NAME}, words and operators. */
final class Lexer {
    private static final Set<String> KEYWORDS =
            Set.of("AND", "OR", "NOT", "IS", "NULL", "CASE", "WHEN", "THEN", "ELSE", "END");
    private static final List<String> SYMBOLS =
            List.of(
                    "||", "<=", ">=", "==", "!=", "<>", "<", ">", "=", "+", "-", "*", "/", "%", "(",
                    ")", ",");

    private Lexer() {}

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                tokens.add(new Token(Token.Kind.END, "end of expression", null, i));
                return tokens;
            }
            char c = text.charAt(i);
            int start = i;
            if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new ExpressionException(
                                "unterminated string at position " + (start + 1));
                    }
                    if (text.charAt(i) == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(text.charAt(i++));
                }
                tokens.add(
                        new Token(
                                Token.Kind.STRING,
                                text.substring(start, i),
                                value.toString(),
                                start));
            } else if (Character.isDigit(c)
                    || (c == '.'
                            && i + 1 < text.length()
                            && Character.isDigit(text.charAt(i + 1)))) {
                i = number(text, i);
                String literal = text.substring(start, i);
                Number value = SqliteValues.parsePrefix(literal);
                Token.Kind kind = value instanceof Long ? Token.Kind.INTEGER : Token.Kind.REAL;
                tokens.add(new Token(kind, literal, value, start));
            } else if (c == '$') {
                i++;
                while (i < text.length() && isWord(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw new ExpressionException(
                            "'$' must be followed by a column name at position " + (start + 1));
                }
                tokens.add(
                        new Token(Token.Kind.REFERENCE, text.substring(start + 1, i), null, start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isWord(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                boolean keyword = KEYWORDS.contains(upper);
                tokens.add(
                        new Token(
                                keyword ? Token.Kind.KEYWORD : Token.Kind.IDENTIFIER,
                                keyword ? upper : word,
                                null,
                                start));
            } else {
                String symbol = symbolAt(text, i);
                if (symbol == null) {
                    throw new ExpressionException(
                            "unexpected character '" + c + "' at position " + (start + 1));
                }
                i += symbol.length();
                tokens.add(new Token(Token.Kind.SYMBOL, symbol, null, start));
            }
        }
    }

    private static int number(String text, int i) {
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < text.length() && Character.isDigit(text.charAt(j))) {
                i = j;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String symbolAt(String text, int i) {
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, i)) {
                return symbol;
            }
        }
        return null;
    }
}
