package io.ferry.tablemapping;

import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.SchemaCache;
import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import io.ferry.dms.expr.DataType;
import io.ferry.dms.expr.EventBindings;
import io.ferry.dms.expr.ExpressionValues;
import io.ferry.dms.plan.AddedColumn;
import io.ferry.dms.plan.ColumnPlan;
import io.ferry.dms.plan.MappedColumn;
import io.ferry.dms.rules.TransformationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.SchemaBuilderException;

/**
 * Rewrites one row (a key, or a before/after image) by a {@link ColumnPlan}, then appends the
 * columns {@code add-column} rules add. The target schema of each source schema is built once per
 * {@link Target} and cached by schema identity (converters hand out the same schema instance for
 * the same schema), so a record costs a lookup and a copy. Thread-safe.
 */
final class RowMapper {
    private static final int MAX_CACHED_SCHEMAS = 10_000;

    /** Where a target field's value comes from: a source field, or an added column. */
    private record Slot(
            int source,
            UnaryOperator<String> mask,
            String column,
            AddedColumn added,
            DataType type,
            Schema sourceSchema,
            boolean fromBefore) {}

    private record Mapped(Schema schema, List<Slot> slots) {}

    private final SchemaCache<Mapped> cache = new SchemaCache<>(MAX_CACHED_SCHEMAS);

    /**
     * How a row is rewritten: the column plan, added columns and before-image rule (or null) of its
     * table, its names, and the source key's column names (for pk-only before images).
     */
    record Target(
            ColumnPlan columns,
            List<AddedColumn> added,
            TransformationRule beforeImage,
            Set<String> keyNames,
            TableId from,
            TableId to) {}

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
        Object before =
                target.beforeImage() == null
                        ? null
                        : DebeziumEnvelope.image(envelope, DebeziumEnvelope.BEFORE);
        for (int i = 0; i < fields.size(); i++) {
            Slot slot = mapped.slots().get(i);
            if (slot.fromBefore()) {
                Object old = before instanceof Struct b ? b.get(in.get(slot.source())) : null;
                out.put(fields.get(i), typed(masked(old, slot), slot));
                continue;
            }
            Object value =
                    slot.added() != null
                            ? slot.added().value(bindings)
                            : typed(masked(source.get(in.get(slot.source())), slot), slot);
            out.put(fields.get(i), value);
        }
        return out;
    }

    Map<Object, Object> row(Map<?, ?> source, Target target, Object envelope) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            String column = String.valueOf(entry.getKey());
            target.columns()
                    .resolve(column)
                    .ifPresent(m -> out.put(m.name(), converted(entry.getValue(), column, m)));
        }
        if (target.beforeImage() != null) {
            // Without a before image (an insert) the columns are there, NULL, as with schemas.
            Map<?, ?> before =
                    DebeziumEnvelope.image(envelope, DebeziumEnvelope.BEFORE) instanceof Map<?, ?> b
                            ? b
                            : Map.of();
            for (Object key : source.keySet()) {
                String column = String.valueOf(key);
                Optional<MappedColumn> mapped = target.columns().resolve(column);
                if (mapped.isPresent() && selectsBeforeImage(target, column, null)) {
                    out.put(
                            beforeImageName(target, mapped.get()),
                            converted(before.get(key), column, mapped.get()));
                }
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
        // The target is everything besides the schema the build depends on: two tables (or one
        // table's keys) may share a schema instance.
        return cache.get(target, source, s -> build(s, target));
    }

    private static Mapped build(Schema source, Target target) {
        SchemaBuilder builder = SchemaNames.copyHeader(source, target.from(), target.to());
        List<Slot> slots = new ArrayList<>();
        for (Field field : source.fields()) {
            Optional<MappedColumn> mapped = target.columns().resolve(field.name());
            if (mapped.isPresent()) {
                DataType type = mapped.get().type();
                Schema schema = type == null ? field.schema() : type.schema();
                if (mapped.get().mask() != null) {
                    // A masked value may be longer than the source's declared length (a hash).
                    schema = SourceColumnTypes.withoutSourceType(schema);
                }
                addField(builder, mapped.get().name(), schema, target.from());
                slots.add(
                        new Slot(
                                field.index(),
                                mapped.get().mask(),
                                field.name(),
                                null,
                                type,
                                field.schema(),
                                false));
            }
        }
        for (AddedColumn added : target.added()) {
            addField(builder, added.name(), added.schema(), target.from());
            slots.add(new Slot(-1, null, added.name(), added, null, null, false));
        }
        if (target.beforeImage() != null) {
            for (Field field : source.fields()) {
                Optional<MappedColumn> mapped = target.columns().resolve(field.name());
                if (mapped.isEmpty() || !selectsBeforeImage(target, field.name(), field.schema())) {
                    continue;
                }
                DataType type = mapped.get().type();
                Schema schema = type == null ? field.schema() : type.schema();
                if (mapped.get().mask() != null) {
                    schema = SourceColumnTypes.withoutSourceType(schema);
                }
                addField(
                        builder,
                        beforeImageName(target, mapped.get()),
                        ConnectSchemas.optional(schema),
                        target.from());
                slots.add(
                        new Slot(
                                field.index(),
                                mapped.get().mask(),
                                field.name(),
                                null,
                                type,
                                field.schema(),
                                true));
            }
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

    // A schemaless value, masked and retyped as its column says.
    private static Object converted(Object value, String column, MappedColumn mapped) {
        Slot slot = new Slot(0, mapped.mask(), column, null, mapped.type(), null, false);
        return typed(masked(value, slot), slot);
    }

    // DMS's column-filter: pk-only (the source key's columns), non-lob (not bytes), all.
    private static boolean selectsBeforeImage(Target target, String column, Schema schema) {
        TransformationRule rule = target.beforeImage();
        if (rule.locator().column() != null && !rule.locator().column().matches(column)) {
            return false;
        }
        return switch (rule.beforeImage().filter()) {
            case PK_ONLY -> target.keyNames().contains(column);
            case NON_LOB -> schema == null || schema.type() != Schema.Type.BYTES;
            case ALL -> true;
        };
    }

    private static String beforeImageName(Target target, MappedColumn column) {
        return target.beforeImage().beforeImage().columnName(column.name());
    }

    // change-data-type converts as DMS does, through the value's SQLite form.
    private static Object typed(Object value, Slot slot) {
        if (slot.type() == null || value == null) {
            return value;
        }
        try {
            return ExpressionValues.toConnect(
                    slot.type(), ExpressionValues.fromConnect(slot.sourceSchema(), value));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new DataException(
                    "Column '"
                            + slot.column()
                            + "' cannot be changed to "
                            + slot.type().type()
                            + ": "
                            + e.getMessage());
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
