package io.ferry.dms.expr;

/**
 * A compiled DMS expression. Values follow SQLite's storage classes: {@code null}, {@link Long},
 * {@link Double}, {@link String} and {@code byte[]}.
 */
@FunctionalInterface
public interface Expression {
    Object eval(Bindings bindings);

    /** Values of {@code $NAME} references (columns, {@code AR_H_*} headers, {@code AR_M_*}). */
    @FunctionalInterface
    interface Bindings {
        /** The value of {@code $name}; the name comes without its {@code $}. */
        Object value(String name);
    }
}
