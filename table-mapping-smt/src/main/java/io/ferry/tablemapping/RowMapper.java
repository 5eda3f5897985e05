package io.ferry.tablemapping;

import io.ferry.common.TableId;
import io.ferry.tablemapping.plan.AddedColumn;
import io.ferry.tablemapping.plan.ColumnPlan;
import io.ferry.tablemapping.plan.MappedColumn;
import io.ferry.transforms.expr.EventBindings;
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
 * Rewrites one row (a key, or a before/after image) by a {@link ColumnPlan}, then appends the
 * columns {@code add-column} rules add. The target schema of each source schema is built once and
 * cached by identity: converters hand out the same schema instance for the same schema, so a record
 * costs a lookup and a copy.
 */
final class RowMapper {
    private static final int MAX_CACHED_SCHEMAS = 4096;

    /** Where a target field's value comes from: a source field, or an added column. */
    private record Slot(int source, UnaryOperator<String> mask, String column, AddedColumn added) {}

    private record Mapped(Schema schema, List<Slot> slots) {}

    private final Map<Schema, Mapped> cache = new IdentityHashMap<>();

    /** How a row is rewritten: the column plan and added columns of its table, and its names. */
    record Target(ColumnPlan columns, List<AddedColumn> added, TableId from, TableId to) {}

    Schema schema(Schema source, Target target) {
        return mapped(source, target).schema();
    }

    /** {@code envelope} is the change event the row belongs to, or null for a flat row or key. */
    Struct row(Struct source, Target target, Object envelope) {
        Mapped mapped = mapped(source.schema(), target);
        Struct out = new Struct(mapped.schema());
        List<Field> fields = mapped.schema().fields();
        List<Field> in = source.schema().fields();
        EventBindings bindings =
                target.added().isEmpty()
                        ? null
                        : new EventBindings(source, target.from(), envelope);
        for (int i = 0; i < fields.size(); i++) {
            Slot slot = mapped.slots().get(i);
            Object value =
                    slot.added() != null
                            ? slot.added().value(bindings)
                            : masked(source.get(in.get(slot.source())), slot);
            out.put(fields.get(i), value);
        }
        return out;
    }

    Map<Object, Object> row(Map<?, ?> source, Target target, Object envelope) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            String column = String.valueOf(entry.getKey());
            Optional<MappedColumn> mapped = target.columns().resolve(column);
            if (mapped.isPresent()) {
                Slot slot = new Slot(0, mapped.get().mask(), column, null);
                out.put(mapped.get().name(), masked(entry.getValue(), slot));
            }
        }
        if (!target.added().isEmpty()) {
            EventBindings bindings = new EventBindings(source, target.from(), envelope);
            for (AddedColumn added : target.added()) {
                out.put(added.name(), added.value(bindings));
            }
        }
        return out;
    }

    private Mapped mapped(Schema source, Target target) {
        Mapped mapped = cache.get(source);
        if (mapped == null) {
            if (cache.size() >= MAX_CACHED_SCHEMAS) {
                cache.clear();
            }
            mapped = build(source, target);
            cache.put(source, mapped);
        }
        return mapped;
    }

    private static Mapped build(Schema source, Target target) {
        SchemaBuilder builder = SchemaNames.copyHeader(source, target.from(), target.to());
        List<Slot> slots = new ArrayList<>();
        for (Field field : source.fields()) {
            Optional<MappedColumn> mapped = target.columns().resolve(field.name());
            if (mapped.isPresent()) {
                addField(builder, mapped.get().name(), field.schema(), target.from());
                slots.add(new Slot(field.index(), mapped.get().mask(), field.name(), null));
            }
        }
        for (AddedColumn added : target.added()) {
            addField(builder, added.name(), added.schema(), target.from());
            slots.add(new Slot(-1, null, added.name(), added));
        }
        return new Mapped(builder.build(), List.copyOf(slots));
    }

    private static void addField(SchemaBuilder builder, String name, Schema schema, TableId table) {
        try {
            builder.field(name, schema);
        } catch (SchemaBuilderException e) {
            throw new DataException(
                    "Table mapping gives two columns of " + table + " the name '" + name + "'");
        }
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
