package io.ferry.transforms;

import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.PluginVersion;
import io.ferry.common.SchemaCache;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a Debezium change event into the row DMS writes to S3 and streaming targets: an {@code Op}
 * column first ({@code I} for inserts and snapshot rows, {@code U} with the after image, {@code D}
 * with the before image), optionally a timestamp column, then the row's columns and optionally
 * before-image columns. Tombstones are dropped (the {@code D} row carries the delete); records that
 * are not change events pass through.
 */
public final class DmsRow<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    public static final String OP_COLUMN = "Op";
    private static final DateTimeFormatter DMS_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private DmsRowConfig config;
    private final SchemaCache<Schema> schemas = new SchemaCache<>();

    @Override
    public void configure(Map<String, ?> props) {
        config = new DmsRowConfig(props);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return config.dropTombstones() ? null : record;
        }
        if (!DebeziumEnvelope.isEnvelope(value)) {
            return record;
        }
        Operation op = DebeziumEnvelope.operation(value);
        if (op == Operation.PREPARE) {
            // A table announcement has no row; passed on, its envelope schema would follow the
            // flat rows' into one subject (Avro refuses that), so it stops here.
            return null;
        }
        if (op.dmsCode() == null) {
            return record;
        }
        boolean delete = op == Operation.DELETE;
        Object image =
                DebeziumEnvelope.image(
                        value, delete ? DebeziumEnvelope.BEFORE : DebeziumEnvelope.AFTER);
        Object before = DebeziumEnvelope.image(value, DebeziumEnvelope.BEFORE);
        String timestamp = config.timestampColumn() == null ? null : timestamp(value, op);
        Set<String> keys =
                config.beforeImage() == BeforeImage.PK_ONLY ? keyColumns(record) : Set.of();
        Object row =
                value instanceof Struct struct
                        ? structRow(struct, (Struct) image, (Struct) before, op, timestamp, keys)
                        : mapRow((Map<?, ?>) image, (Map<?, ?>) before, op, timestamp, keys);
        Schema schema = row instanceof Struct s ? s.schema() : null;
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                schema,
                row,
                record.timestamp(),
                record.headers().duplicate());
    }

    // DMS: commit time for changes, the time the row was read for full load.
    private static String timestamp(Object envelope, Operation op) {
        Object block =
                op == Operation.READ
                        ? envelope
                        : DebeziumEnvelope.field(envelope, DebeziumEnvelope.SOURCE);
        return DebeziumEnvelope.time(block)
                .map(t -> DMS_TIMESTAMP.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)))
                .orElse(null);
    }

    private Struct structRow(
            Struct envelope,
            Struct image,
            Struct before,
            Operation op,
            String timestamp,
            Set<String> keys) {
        Schema imageSchema =
                envelope.schema().field(DebeziumEnvelope.AFTER) != null
                        ? envelope.schema().field(DebeziumEnvelope.AFTER).schema()
                        : envelope.schema().field(DebeziumEnvelope.BEFORE).schema();
        // The row's schema depends on the key's columns too (pk-only before images).
        Schema schema = schemas.get(keys, imageSchema, s -> rowSchema(s, keys));
        Struct row = new Struct(schema).put(OP_COLUMN, op.dmsCode());
        if (config.timestampColumn() != null) {
            row.put(config.timestampColumn(), timestamp);
        }
        for (Field field : imageSchema.fields()) {
            row.put(field.name(), image == null ? null : image.get(field));
        }
        for (Field field : imageSchema.fields()) {
            if (config.beforeImage().includes(field, keys)) {
                row.put(
                        config.beforeImageName(field.name()),
                        before == null ? null : before.get(field));
            }
        }
        return row;
    }

    private Schema rowSchema(Schema image, Set<String> keys) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (image.name() != null) {
            builder.name(image.name());
        }
        builder.field(OP_COLUMN, Schema.STRING_SCHEMA);
        if (config.timestampColumn() != null) {
            builder.field(config.timestampColumn(), Schema.OPTIONAL_STRING_SCHEMA);
        }
        // Columns stay as declared but optional: a delete's row may lack values the schema
        // requires.
        for (Field field : image.fields()) {
            builder.field(field.name(), ConnectSchemas.optional(field.schema()));
        }
        for (Field field : image.fields()) {
            if (config.beforeImage().includes(field, keys)) {
                builder.field(
                        config.beforeImageName(field.name()),
                        ConnectSchemas.optional(field.schema()));
            }
        }
        return builder.build();
    }

    private Map<Object, Object> mapRow(
            Map<?, ?> image, Map<?, ?> before, Operation op, String timestamp, Set<String> keys) {
        Map<Object, Object> row = new LinkedHashMap<>();
        row.put(OP_COLUMN, op.dmsCode());
        if (config.timestampColumn() != null) {
            row.put(config.timestampColumn(), timestamp);
        }
        if (image != null) {
            row.putAll(image);
        }
        if (before != null && config.beforeImage() != BeforeImage.NONE) {
            for (Map.Entry<?, ?> entry : before.entrySet()) {
                if (config.beforeImage().includes(String.valueOf(entry.getKey()), keys)) {
                    row.put(
                            config.beforeImageName(String.valueOf(entry.getKey())),
                            entry.getValue());
                }
            }
        }
        return row;
    }

    private static Set<String> keyColumns(ConnectRecord<?> record) {
        if (record.key() instanceof Struct key) {
            return key.schema().fields().stream().map(Field::name).collect(Collectors.toSet());
        }
        if (record.key() instanceof Map<?, ?> key) {
            return key.keySet().stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return Set.of();
    }

    @Override
    public ConfigDef config() {
        return DmsRowConfig.CONFIG_DEF;
    }

    @Override
    public void close() {}

    @Override
    public String version() {
        return PluginVersion.of(DmsRow.class);
    }

    /** DMS's {@code before-image-def.column-filter}, plus {@code none}. */
    public enum BeforeImage {
        NONE,
        PK_ONLY,
        NON_LOB,
        ALL;

        boolean includes(Field field, Set<String> keyColumns) {
            return switch (this) {
                case NONE -> false;
                case PK_ONLY -> keyColumns.contains(field.name());
                case NON_LOB -> field.schema().type() != Schema.Type.BYTES;
                case ALL -> true;
            };
        }

        boolean includes(String column, Set<String> keyColumns) {
            return this == ALL
                    || this == NON_LOB
                    || (this == PK_ONLY && keyColumns.contains(column));
        }
    }
}
