package io.ferry.tablemapping.rules;

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
