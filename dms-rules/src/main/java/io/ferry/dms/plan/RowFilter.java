package io.ferry.dms.plan;

import io.ferry.common.LogicalValues;
import io.ferry.dms.rules.FilterCondition;
import io.ferry.dms.rules.SourceFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * The source filters of one include rule, compiled: every filter must pass (AND), and a filter
 * passes when any of its conditions does (OR). A NULL column passes only {@code null}, as in SQL.
 */
final class RowFilter {
    private record Condition(
            FilterCondition spec, BigDecimal value, BigDecimal start, BigDecimal end) {}

    private record Column(String name, List<Condition> conditions) {}

    private final List<Column> columns;

    RowFilter(List<SourceFilter> filters) {
        this.columns =
                filters.stream()
                        .map(
                                f ->
                                        new Column(
                                                f.column(),
                                                f.conditions().stream()
                                                        .map(RowFilter::compile)
                                                        .toList()))
                        .toList();
    }

    private static Condition compile(FilterCondition c) {
        return new Condition(
                c,
                c.value() == null ? null : ComparableText.number(c.value()),
                c.start() == null ? null : ComparableText.number(c.start()),
                c.end() == null ? null : ComparableText.number(c.end()));
    }

    boolean test(Object row) {
        for (Column column : columns) {
            Object value = plainValue(row, column.name());
            if (column.conditions().stream().noneMatch(c -> matches(c, value))) {
                return false;
            }
        }
        return true;
    }

    private static Object plainValue(Object row, String column) {
        if (row instanceof Struct struct) {
            Field field = struct.schema().field(column);
            return field == null ? null : LogicalValues.plain(field.schema(), struct.get(field));
        }
        if (row instanceof Map<?, ?> map) {
            return LogicalValues.plain(null, map.get(column));
        }
        return null;
    }

    private static boolean matches(Condition c, Object value) {
        FilterCondition spec = c.spec();
        return switch (spec.operator()) {
            case NULL -> value == null;
            case NOTNULL -> value != null;
            case EQ -> value != null && ComparableText.compare(value, spec.value(), c.value()) == 0;
            case NOTEQ ->
                    value != null && ComparableText.compare(value, spec.value(), c.value()) != 0;
            case LTE ->
                    value != null && ComparableText.compare(value, spec.value(), c.value()) <= 0;
            case GTE ->
                    value != null && ComparableText.compare(value, spec.value(), c.value()) >= 0;
            case BETWEEN -> value != null && between(c, value);
            case NOTBETWEEN -> value != null && !between(c, value);
        };
    }

    private static boolean between(Condition c, Object value) {
        return ComparableText.compare(value, c.spec().start(), c.start()) >= 0
                && ComparableText.compare(value, c.spec().end(), c.end()) <= 0;
    }
}
