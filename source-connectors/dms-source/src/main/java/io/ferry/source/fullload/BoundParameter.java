package io.ferry.source.fullload;

import io.ferry.dms.Engine;
import io.ferry.dms.rules.ParallelLoad.BoundValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** A value bound to a placeholder: as it is, or as text the database reads in the column's type. */
record BoundParameter(Object value, boolean untyped) {

    /** A value read from the table (a key column of the last row read): bound as it came. */
    static BoundParameter of(Object value) {
        return new BoundParameter(value, false);
    }

    /**
     * A DMS boundary value for a column of JDBC type {@code jdbcType}. Numbers are bound as exact
     * numbers (MySQL compares a string with an integer column as a double, which loses BIGINTs);
     * other values as text that PostgreSQL casts to the column's type (bound untyped) and MySQL and
     * MariaDB compare as the column's type.
     *
     * @throws IllegalArgumentException the value is no number where the column is one, or the
     *     column is a floating-point one (DMS refuses those as range columns)
     */
    static BoundParameter boundary(Engine engine, String column, int jdbcType, BoundValue value) {
        switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                try {
                    BigInteger number = new BigInteger(value.text().trim());
                    return of(number.bitLength() < 64 ? number.longValue() : number);
                } catch (NumberFormatException e) {
                    throw notA("a whole number", column, value);
                }
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                try {
                    return of(new BigDecimal(value.text().trim()));
                } catch (NumberFormatException e) {
                    throw notA("a number", column, value);
                }
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE ->
                    throw new IllegalArgumentException(
                            "column "
                                    + column
                                    + " is a floating-point one: DMS does not take those as range"
                                    + " columns");
            default -> {
                return new BoundParameter(value.text(), engine == Engine.POSTGRES);
            }
        }
    }

    /**
     * A key value read back from its text (the database's own rendering, {@code CAST(k AS text)}).
     * PostgreSQL casts the text to the column's type, whatever it is, exactly. MySQL and MariaDB
     * compare a string with a number as doubles, so whole and decimal numbers are bound as such;
     * floating-point and binary keys have no text that compares exactly there and are refused.
     *
     * @throws IllegalArgumentException the key column's type cannot be paged by on this engine
     */
    static BoundParameter key(Engine engine, String column, int jdbcType, String text) {
        if (engine == Engine.POSTGRES) {
            return new BoundParameter(text, true);
        }
        checkKey(engine, column, jdbcType);
        return boundary(engine, column, jdbcType, new BoundValue(text, false));
    }

    /** Refuses a key column whose values cannot be paged by on {@code engine}. */
    static void checkKey(Engine engine, String column, int jdbcType) {
        if (engine == Engine.POSTGRES) {
            return;
        }
        switch (jdbcType) {
            case Types.REAL,
                    Types.FLOAT,
                    Types.DOUBLE,
                    Types.BINARY,
                    Types.VARBINARY,
                    Types.LONGVARBINARY,
                    Types.BLOB ->
                    throw new IllegalArgumentException(
                            "key column "
                                    + column
                                    + " is floating-point or binary: Ferry's full load cannot"
                                    + " page by it on "
                                    + engine);
            default -> {}
        }
    }

    private static IllegalArgumentException notA(String kind, String column, BoundValue value) {
        return new IllegalArgumentException(
                "boundary value '" + value.text() + "' of column " + column + " is not " + kind);
    }

    void bind(PreparedStatement statement, int index) throws SQLException {
        if (untyped) {
            statement.setObject(index, value, Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }
}
