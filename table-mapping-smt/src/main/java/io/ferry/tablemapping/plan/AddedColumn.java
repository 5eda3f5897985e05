package io.ferry.tablemapping.plan;

import io.ferry.tablemapping.rules.TransformationRule;
import io.ferry.transforms.expr.DataType;
import io.ferry.transforms.expr.Expression;
import io.ferry.transforms.expr.ExpressionValues;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** A column an {@code add-column} rule adds: its name, schema and the expression that fills it. */
public final class AddedColumn {
    private final int ruleId;
    private final String name;
    private final DataType type;
    private final Schema schema;
    private final Expression expression;

    AddedColumn(TransformationRule rule) {
        this.ruleId = rule.ruleId();
        this.name = rule.value();
        this.type = rule.dataType();
        this.schema = rule.dataType().schema();
        this.expression = rule.expression();
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    /** The column's value for one row, converted to its data type. */
    public Object value(Expression.Bindings bindings) {
        Object result = expression.eval(bindings);
        try {
            return ExpressionValues.toConnect(type, result);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new DataException(
                    "rule-id "
                            + ruleId
                            + " cannot fill column '"
                            + name
                            + "' of type "
                            + type.type()
                            + ": "
                            + e.getMessage());
        }
    }
}
