package io.ferry.sink.jdbc.apply;

import io.ferry.common.LogicalValues;
import io.ferry.sink.jdbc.change.Change;
import io.ferry.sink.jdbc.table.TableSpec;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Refuses a decimal value with more fractional digits than its target column keeps: PostgreSQL and
 * MySQL/MariaDB would round it without an error (MariaDB with only a note). The record is then
 * rejected like any other the target cannot hold — to the DLQ when tolerated — never altered.
 */
final class ScaleCheck {
    private static final Set<String> DECIMALS =
            Set.of(Decimal.LOGICAL_NAME, "io.debezium.data.VariableScaleDecimal");

    private ScaleCheck() {}

    /**
     * @param scales the target's column scales, by lower-case name
     * @throws DataException naming the column, the value and the column's scale
     */
    static void check(TableSpec spec, Change change, Map<String, Integer> scales) {
        Struct row = change.row();
        if (scales.isEmpty() || row == null || change.kind() != Change.Kind.UPSERT) {
            return;
        }
        for (Field field : row.schema().fields()) {
            String type = field.schema().name(); // null for plain types; Set.of refuses null
            if (type == null || !DECIMALS.contains(type)) {
                continue;
            }
            Integer scale = scales.get(field.name().toLowerCase(Locale.ROOT));
            if (scale == null) {
                continue;
            }
            Object value = LogicalValues.plain(field.schema(), row.get(field));
            if (value instanceof BigDecimal decimal
                    && decimal.stripTrailingZeros().scale() > scale) {
                throw new DataException(
                        "Value "
                                + decimal.toPlainString()
                                + " of column "
                                + field.name()
                                + " of "
                                + spec.table()
                                + " has more decimals than the column's scale "
                                + scale
                                + ": the target would round it");
            }
        }
    }
}
