package io.ferry.dms.expr;

/** A lexical token; {@code value} holds a literal's value. */
record Token(Kind kind, String text, Object value, int position) {
    enum Kind {
        INTEGER,
        REAL,
        STRING,
        REFERENCE,
        IDENTIFIER,
        KEYWORD,
        SYMBOL,
        END
    }
}
