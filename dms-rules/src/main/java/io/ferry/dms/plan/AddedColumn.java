package io.ferry.dms.plan;

import io.ferry.dms.expr.ComputedColumn;
import io.ferry.dms.expr.Expression;
import io.ferry.dms.rules.TransformationRule;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** A column an {@code add-column} rule adds; a failure names the rule. */
public final class AddedColumn {
    private final int ruleId;
    private final ComputedColumn column;
    private final boolean softDelete;

    AddedColumn(TransformationRule rule) {
        this.ruleId = rule.ruleId();
        this.softDelete = rule.softDelete();
        this.column = new ComputedColumn(rule.value(), rule.dataType(), rule.expression());
    }

    boolean softDelete() {
        return softDelete;
    }

    public String name() {
        return column.name();
    }

    public Schema schema() {
        return column.schema();
    }

    /** The column's value for one row, converted to its data type. */
    public Object value(Expression.Bindings bindings) {
        try {
            return column.value(bindings);
        } catch (DataException e) {
            throw new DataException("rule-id " + ruleId + ": " + e.getMessage(), e);
        }
    }
}
