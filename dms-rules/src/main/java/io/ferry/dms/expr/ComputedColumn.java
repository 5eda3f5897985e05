package io.ferry.dms.expr;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** A column filled by an expression: DMS's {@code add-column}, in the SMT and in table mappings. */
public record ComputedColumn(String name, DataType type, Expression expression) {
    public Schema schema() {
        return type.schema();
    }

    /** The column's value for one row, converted to its data type. */
    public Object value(Expression.Bindings bindings) {
        Object result = expression.eval(bindings);
        try {
            return ExpressionValues.toConnect(type, result);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new DataException(
                    "Cannot fill column '"
                            + name
                            + "' of type "
                            + type.type()
                            + ": "
                            + e.getMessage());
        }
    }
}
