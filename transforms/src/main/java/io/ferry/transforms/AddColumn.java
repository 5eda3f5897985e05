package io.ferry.transforms;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.EnvelopeImages;
import io.ferry.common.PluginVersion;
import io.ferry.common.SchemaCache;
import io.ferry.common.TableId;
import io.ferry.dms.expr.EventBindings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * DMS's {@code add-column} without the DMS JSON: appends a column computed by a SQLite expression
 * ({@code $COL}, {@code $AR_H_*} headers, functions) to flat rows, or to both images of a Debezium
 * change event.
 */
public final class AddColumn<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
    private AddColumnConfig config;
    private static final String ENVELOPE = "envelope";
    private static final String ROW = "row";

    // What is added is the same for every table: one entry per schema instance.
    private final SchemaCache<Schema> schemas = new SchemaCache<>();

    @Override
    public void configure(Map<String, ?> props) {
        config = new AddColumnConfig(props);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return record;
        }
        Object out;
        if (value instanceof Struct struct) {
            out =
                    DebeziumEnvelope.isEnvelope(struct.schema())
                            ? envelope(struct)
                            : row(struct, null, table(value));
        } else if (value instanceof Map<?, ?> map) {
            out =
                    DebeziumEnvelope.isEnvelope(map)
                            ? EnvelopeImages.rewrite(map, image -> row(image, map, table(map)))
                            : row(map, null, null);
        } else {
            throw new DataException(
                    "Only Struct or Map objects supported for [adding a column], found: "
                            + value.getClass().getName());
        }
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                out instanceof Struct s ? s.schema() : record.valueSchema(),
                out,
                record.timestamp(),
                record.headers().duplicate());
    }

    private static TableId table(Object value) {
        return DebeziumEnvelope.isEnvelope(value)
                ? DebeziumEnvelope.sourceTable(value).orElse(null)
                : null;
    }

    private Struct envelope(Struct envelope) {
        Schema target =
                schemas.get(
                        ENVELOPE,
                        envelope.schema(),
                        s -> EnvelopeImages.schema(s, header(s), this::rowSchema));
        TableId table = table(envelope);
        return EnvelopeImages.rewrite(envelope, target, image -> row(image, envelope, table));
    }

    private Struct row(Struct row, Object envelope, TableId table) {
        Schema target = schemas.get(ROW, row.schema(), this::rowSchema);
        Struct out = new Struct(target);
        List<Field> fields = row.schema().fields();
        for (int i = 0; i < fields.size(); i++) {
            out.put(target.fields().get(i), row.get(fields.get(i)));
        }
        out.put(
                config.column().name(),
                config.column().value(new EventBindings(row, table, envelope)));
        return out;
    }

    private Map<Object, Object> row(Map<?, ?> row, Object envelope, TableId table) {
        Map<Object, Object> out = new LinkedHashMap<>(row);
        out.put(
                config.column().name(),
                config.column().value(new EventBindings(row, table, envelope)));
        return out;
    }

    private Schema rowSchema(Schema row) {
        if (row.field(config.column().name()) != null) {
            throw new DataException(
                    "Cannot add column '" + config.column().name() + "': the row already has one");
        }
        SchemaBuilder builder = header(row);
        row.fields().forEach(f -> builder.field(f.name(), f.schema()));
        return builder.field(config.column().name(), config.column().schema()).build();
    }

    private static SchemaBuilder header(Schema schema) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (schema.name() != null) {
            builder.name(schema.name());
        }
        if (schema.version() != null) {
            builder.version(schema.version());
        }
        if (schema.isOptional()) {
            builder.optional();
        }
        return builder;
    }

    @Override
    public ConfigDef config() {
        return AddColumnConfig.CONFIG_DEF;
    }

    @Override
    public void close() {}

    @Override
    public String version() {
        return PluginVersion.of(AddColumn.class);
    }
}
