package io.ferry.tablemapping;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.EnvelopeImages;
import io.ferry.common.Operation;
import io.ferry.common.SchemaCache;
import io.ferry.common.TableId;
import io.ferry.dms.plan.TablePlan;
import io.ferry.dms.plan.TablePlanner;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps one record's key and value for its source table: Debezium envelopes (both images), flat rows
 * and schemaless maps. Thread-safe, as Kafka's {@code Transformation} contract asks; what it keeps
 * per table and per schema is bounded.
 */
final class EventMapper {
    /** A mapped key and value, with the table they now belong to. */
    record Mapped(
            String topic,
            TableId target,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value) {}

    /** A table's plan with what records of that table reuse: row targets and the key columns. */
    private record TableState(
            TablePlan plan,
            RowMapper.Target keyTarget,
            RowMapper.Target rowTarget,
            List<String> keyColumns) {}

    private final TablePlanner planner;
    private static final int MAX_TABLES = 10_000;

    private final Map<TableId, TableState> tables = new ConcurrentHashMap<>();
    private final SchemaCache<Schema> envelopeSchemas = new SchemaCache<>(MAX_TABLES);
    private final Map<String, String> topics = new ConcurrentHashMap<>();
    private final RowMapper keys = new RowMapper();
    private final RowMapper rows = new RowMapper();
    private final KeyDefinition keyDefinition = new KeyDefinition();
    private final LongAdder droppedTables = new LongAdder();
    private final LongAdder droppedRows = new LongAdder();

    EventMapper(TablePlanner planner) {
        this.planner = planner;
    }

    /** The mapped record, or empty when the table is not selected or the row is filtered out. */
    Optional<Mapped> map(
            TableId source,
            String topic,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value) {
        TableState table = bounded(tables).computeIfAbsent(source, this::state);
        TablePlan plan = table.plan();
        if (!plan.selected()) {
            droppedTables.increment();
            return Optional.empty();
        }
        boolean envelope = DebeziumEnvelope.isEnvelope(value);
        // A truncate has no row to filter or re-key: it empties the table whatever its rules.
        boolean truncate = envelope && DebeziumEnvelope.operation(value) == Operation.TRUNCATE;
        // An announcement of the table before its load has no row either; it carries schemas.
        boolean announcement = envelope && DebeziumEnvelope.operation(value) == Operation.PREPARE;
        boolean kept =
                value == null
                        ? !plan.softDelete()
                        : truncate
                                || announcement
                                || plan.accepts(envelope ? filteredImage(value) : value);
        if (!kept) {
            droppedRows.increment();
            return Optional.empty();
        }
        Object mappedKey = key == null ? null : row(key, table.keyTarget(), keys, null);
        // An announcement's key is null: its key schema names the key columns.
        Object keyNames = key == null && keySchema != null ? keySchema : key;
        Object mappedValue = value == null ? null : value(value, envelope, table, keyNames);
        if (announcement) {
            String mappedTopic =
                    bounded(topics)
                            .computeIfAbsent(
                                    topic, t -> SchemaNames.topic(t, source, plan.target()));
            return Optional.of(
                    mappedValue instanceof Struct struct
                            ? new Mapped(
                                    mappedTopic,
                                    plan.target(),
                                    announcedKey(keySchema, table, struct),
                                    null,
                                    struct.schema(),
                                    struct)
                            : new Mapped(
                                    mappedTopic, plan.target(), null, null, null, mappedValue));
        }
        if (!table.keyColumns().isEmpty() && !truncate) {
            String name = mappedKey instanceof Struct s ? s.schema().name() : null;
            mappedKey =
                    mappedValue == null
                            ? keyDefinition.project(mappedKey, table.keyColumns(), name)
                            : keyDefinition.key(mappedValue, table.keyColumns(), name);
            if (mappedKey == null && mappedValue != null) {
                throw new DataException(
                        "the change lacks the columns "
                                + table.keyColumns()
                                + " that define-primary-key makes the key of "
                                + plan.target());
            }
            if (mappedKey == null) {
                // A tombstone whose old key lacks the new key's columns cannot be re-keyed.
                droppedRows.increment();
                return Optional.empty();
            }
        }
        TableId target = plan.target();
        return Optional.of(
                new Mapped(
                        bounded(topics)
                                .computeIfAbsent(topic, t -> SchemaNames.topic(t, source, target)),
                        target,
                        mappedKey instanceof Struct s ? s.schema() : keySchema,
                        mappedKey,
                        mappedValue instanceof Struct s ? s.schema() : valueSchema,
                        mappedValue));
    }

    /** The mapped key schema of an announcement, from its key schema or the defined key. */
    private Schema announcedKey(Schema keySchema, TableState table, Struct mappedValue) {
        if (!table.keyColumns().isEmpty()) {
            Schema row = mappedValue.schema().field(DebeziumEnvelope.AFTER).schema();
            String name = keySchema == null ? null : keySchema.name();
            for (String column : table.keyColumns()) {
                if (row.field(column) == null) {
                    throw new DataException(
                            "the table's columns lack "
                                    + column
                                    + ", which define-primary-key makes the key of "
                                    + table.plan().target());
                }
            }
            return KeyDefinition.optionalSchema(row, table.keyColumns(), name);
        }
        if (keySchema == null || keySchema.type() != Schema.Type.STRUCT) {
            return keySchema;
        }
        return io.ferry.common.ConnectSchemas.optional(keys.schema(keySchema, table.keyTarget()));
    }

    private TableState state(TableId source) {
        TablePlan plan = planner.plan(source);
        TableId target = plan.target();
        RowMapper.Target keyTarget =
                new RowMapper.Target(plan.columns(), List.of(), null, Set.of(), source, target);
        RowMapper.Target rowTarget =
                new RowMapper.Target(
                        plan.columns(), plan.added(), plan.beforeImage(), Set.of(), source, target);
        List<String> keyColumns =
                plan.selected() && !plan.keyColumns().isEmpty()
                        ? KeyDefinition.targetNames(plan.keyColumns(), plan.columns())
                        : List.of();
        return new TableState(plan, keyTarget, rowTarget, keyColumns);
    }

    private Object value(Object value, boolean envelope, TableState table, Object key) {
        RowMapper.Target target = table.rowTarget();
        if (table.plan().beforeImage() != null) {
            // pk-only before images need the source key's column names.
            target =
                    new RowMapper.Target(
                            target.columns(),
                            target.added(),
                            target.beforeImage(),
                            columnNames(key),
                            target.from(),
                            target.to());
        }
        if (!envelope) {
            return row(value, target, rows, null);
        }
        Object mapped = envelope(value, target);
        boolean delete = DebeziumEnvelope.operation(value) == Operation.DELETE;
        return table.plan().softDelete() && delete ? SoftDelete.asUpdate(mapped) : mapped;
    }

    long droppedTables() {
        return droppedTables.sum();
    }

    long droppedRows() {
        return droppedRows.sum();
    }

    /** The map, emptied first when it has grown past what a source has tables (rebuilt on use). */
    private static <K, V> Map<K, V> bounded(Map<K, V> map) {
        if (map.size() >= MAX_TABLES) {
            map.clear();
        }
        return map;
    }

    /** The key's column names, from a key value or a key schema. */
    private static Set<String> columnNames(Object key) {
        if (key instanceof Schema schema && schema.type() == Schema.Type.STRUCT) {
            Set<String> names = new HashSet<>();
            schema.fields().forEach(f -> names.add(f.name()));
            return names;
        }
        if (key instanceof Struct struct) {
            Set<String> names = new HashSet<>();
            struct.schema().fields().forEach(f -> names.add(f.name()));
            return names;
        }
        if (key instanceof Map<?, ?> map) {
            Set<String> names = new HashSet<>();
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
            return names;
        }
        return Set.of();
    }

    /**
     * The table a record belongs to: from a change event's source block, else from a {@code
     * prefix.schema.table} topic; null for records of no table (schema-change, heartbeat and
     * transaction events), which the SMT passes through.
     */
    static TableId sourceTable(String topic, Object value) {
        if (DebeziumEnvelope.isEnvelope(value)) {
            Optional<TableId> table = DebeziumEnvelope.sourceTable(value);
            if (table.isPresent()) {
                return table.get();
            }
        }
        return TableId.fromTopic(topic).orElse(null);
    }

    // Deletes are judged on the before image, everything else on the after image.
    private static Object filteredImage(Object value) {
        Object after = DebeziumEnvelope.image(value, DebeziumEnvelope.AFTER);
        Object before = DebeziumEnvelope.image(value, DebeziumEnvelope.BEFORE);
        boolean delete = DebeziumEnvelope.operation(value) == Operation.DELETE;
        return delete || after == null ? before : after;
    }

    private Object envelope(Object value, RowMapper.Target target) {
        if (value instanceof Struct envelope) {
            Schema schema =
                    envelopeSchemas.get(
                            target,
                            envelope.schema(),
                            s ->
                                    EnvelopeImages.schema(
                                            s,
                                            SchemaNames.copyHeader(s, target.from(), target.to()),
                                            image -> rows.schema(image, target)));
            return EnvelopeImages.rewrite(
                    envelope, schema, image -> rows.row(image, target, envelope));
        }
        return EnvelopeImages.rewrite((Map<?, ?>) value, image -> rows.row(image, target, value));
    }

    private static Object row(
            Object row, RowMapper.Target target, RowMapper mapper, Object envelope) {
        if (row instanceof Struct struct) {
            return mapper.row(struct, target, envelope);
        }
        if (row instanceof Map<?, ?> map) {
            return mapper.row(map, target, envelope);
        }
        throw new DataException(
                "Only Struct or Map objects supported for [table mapping], found: "
                        + row.getClass().getName());
    }
}
