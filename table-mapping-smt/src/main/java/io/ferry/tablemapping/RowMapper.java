package io.ferry.tablemapping;

import io.ferry.common.TableId;
import io.ferry.tablemapping.plan.ColumnPlan;
import io.ferry.tablemapping.plan.MappedColumn;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaBuilderException;

/**
 * Rewrites one row (a key, or a before/after image) by a {@link ColumnPlan}. The target schema of
 * each source schema is built once and cached by identity: converters hand out the same schema
 * instance for the same schema, so a record costs a lookup and a copy.
 */
final class RowMapper {
    private static final int MAX_CACHED_SCHEMAS = 4096;

    private record Slot(int source, UnaryOperator<String> mask, String column) {}

    private record Mapped(Schema schema, List<Slot> slots) {}

    private final Map<Schema, Mapped> cache = new IdentityHashMap<>();

    Schema schema(Schema source, ColumnPlan plan, TableId from, TableId to) {
        return mapped(source, plan, from, to).schema();
    }

    Struct row(Struct source, ColumnPlan plan, TableId from, TableId to) {
        Mapped mapped = mapped(source.schema(), plan, from, to);
        Struct out = new Struct(mapped.schema());
        List<Field> fields = mapped.schema().fields();
        for (int i = 0; i < fields.size(); i++) {
            Slot slot = mapped.slots().get(i);
            out.put(
                    fields.get(i),
                    masked(source.get(source.schema().fields().get(slot.source())), slot));
        }
        return out;
    }

    Map<Object, Object> row(Map<?, ?> source, ColumnPlan plan) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            String column = String.valueOf(entry.getKey());
            Optional<MappedColumn> target = plan.resolve(column);
            if (target.isPresent()) {
                UnaryOperator<String> mask = target.get().mask();
                out.put(target.get().name(), masked(entry.getValue(), new Slot(0, mask, column)));
            }
        }
        return out;
    }

    private Mapped mapped(Schema source, ColumnPlan plan, TableId from, TableId to) {
        Mapped mapped = cache.get(source);
        if (mapped == null) {
            if (cache.size() >= MAX_CACHED_SCHEMAS) {
                cache.clear();
            }
            mapped = build(source, plan, from, to);
            cache.put(source, mapped);
        }
        return mapped;
    }

    private static Mapped build(Schema source, ColumnPlan plan, TableId from, TableId to) {
        SchemaBuilder builder = SchemaNames.copyHeader(source, from, to);
        List<Slot> slots = new ArrayList<>();
        for (Field field : source.fields()) {
            Optional<MappedColumn> target = plan.resolve(field.name());
            if (target.isEmpty()) {
                continue;
            }
            try {
                builder.field(target.get().name(), field.schema());
            } catch (SchemaBuilderException e) {
                throw new DataException(
                        "Table mapping gives two columns of "
                                + from
                                + " the name '"
                                + target.get().name()
                                + "'");
            }
            slots.add(new Slot(field.index(), target.get().mask(), field.name()));
        }
        return new Mapped(builder.build(), List.copyOf(slots));
    }

    // The value is not quoted in the message: masking exists to keep it out of sight.
    private static Object masked(Object value, Slot slot) {
        if (slot.mask() == null || value == null) {
            return value;
        }
        if (!(value instanceof String text)) {
            throw new DataException(
                    "Column '"
                            + slot.column()
                            + "' cannot be masked: only string columns can be, found "
                            + value.getClass().getSimpleName());
        }
        return slot.mask().apply(text);
    }
}
