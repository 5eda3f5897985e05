package io.ferry.dms.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DMS object name with wildcards: {@code %} any run of characters, {@code _} one character,
 * {@code [_]} a literal underscore, {@code [abc]} a set and {@code [a-d]} a range. Names are
 * case-sensitive, as in DMS. Compiled once, when the document is parsed.
 */
public final class NamePattern {
    private final String text;
    private final Pattern regex;
    private final boolean literal;

    private NamePattern(String text, Pattern regex, boolean literal) {
        this.text = text;
        this.regex = regex;
        this.literal = literal;
    }

    /**
     * @throws IllegalArgumentException for an unclosed or empty bracket
     */
    public static NamePattern of(String text) {
        StringBuilder regex = new StringBuilder();
        boolean literal = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '%' -> {
                    regex.append(".*");
                    literal = false;
                }
                case '_' -> regex.append('.');
                case '[' -> {
                    int close = text.indexOf(']', i + 1);
                    if (close < 0 || close == i + 1) {
                        throw new IllegalArgumentException(
                                "has an unclosed or empty '[' at position " + (i + 1));
                    }
                    String set = text.substring(i + 1, close);
                    if (set.length() > 1 || set.charAt(0) != '_') {
                        literal = false;
                    }
                    regex.append(characterClass(set));
                    i = close;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new NamePattern(text, Pattern.compile(regex.toString(), Pattern.DOTALL), literal);
    }

    private static String characterClass(String set) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < set.length(); i++) {
            char c = set.charAt(i);
            boolean range = c == '-' && i > 0 && i < set.length() - 1;
            out.append(range ? "-" : "\\x{" + Integer.toHexString(c) + "}");
        }
        return out.append(']').toString();
    }

    /**
     * The same name matched literally, for rules DMS applies to exactly one object (explicit
     * selections, table settings): there {@code _} is just an underscore.
     */
    public NamePattern exactly() {
        String name = text.replace("[_]", "_");
        return new NamePattern(text, Pattern.compile(Pattern.quote(name)), true);
    }

    public boolean matches(String name) {
        return name != null && regex.matcher(name).matches();
    }

    /**
     * True when the pattern can name exactly one object: no {@code %} and no set or range. A bare
     * {@code _} still matches any character here; see {@link #exactly()}.
     */
    public boolean isLiteral() {
        return literal;
    }

    /**
     * Whether some name matches both patterns: {@code Cust_%} and {@code %Name} do ({@code
     * Cust_Name}), {@code a%} and {@code b%} do not. Decided on the patterns, for rules whose
     * objects are not known until records arrive.
     */
    public boolean overlaps(NamePattern other) {
        List<Token> a = tokens(text);
        List<Token> b = tokens(other.text);
        return overlap(a, 0, b, 0, new HashMap<>());
    }

    /** One position of a pattern: {@code %} (any run), or one character of a set. */
    private record Token(boolean run, String set, boolean any) {
        boolean meets(Token other) {
            if (any || other.any) {
                return true;
            }
            for (int c : set.codePoints().toArray()) {
                if (other.set.indexOf(c) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean overlap(
            List<Token> a, int i, List<Token> b, int j, Map<Long, Boolean> seen) {
        long at = ((long) i << 32) | j;
        Boolean known = seen.get(at);
        if (known != null) {
            return known;
        }
        boolean result;
        if (i == a.size() && j == b.size()) {
            result = true;
        } else if (i < a.size() && a.get(i).run()) {
            result = overlap(a, i + 1, b, j, seen) || j < b.size() && overlap(a, i, b, j + 1, seen);
        } else if (j < b.size() && b.get(j).run()) {
            result = overlap(a, i, b, j + 1, seen) || i < a.size() && overlap(a, i + 1, b, j, seen);
        } else if (i == a.size() || j == b.size()) {
            result = false;
        } else {
            result = a.get(i).meets(b.get(j)) && overlap(a, i + 1, b, j + 1, seen);
        }
        seen.put(at, result);
        return result;
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                tokens.add(new Token(true, "", false));
            } else if (c == '_') {
                tokens.add(new Token(false, "", true));
            } else if (c == '[') {
                int close = text.indexOf(']', i + 1);
                tokens.add(new Token(false, expand(text.substring(i + 1, close)), false));
                i = close;
            } else {
                tokens.add(new Token(false, String.valueOf(c), false));
            }
        }
        return tokens;
    }

    // A set's characters, ranges written out (names are short; sets are small).
    private static String expand(String set) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < set.length(); i++) {
            char c = set.charAt(i);
            if (c == '-' && i > 0 && i < set.length() - 1) {
                for (char r = (char) (set.charAt(i - 1) + 1); r < set.charAt(i + 1); r++) {
                    out.append(r);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The pattern as a Java regular expression matching whole names. */
    public String regex() {
        return regex.pattern();
    }

    /** The pattern as written in the document. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
