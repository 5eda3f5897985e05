package io.ferry.dms.expr;

/** An expression that does not parse, with the position where it went wrong. */
public class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }
}
