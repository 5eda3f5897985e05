package io.ferry.transforms;

import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.EnvelopeImages;
import io.ferry.common.PluginVersion;
import io.ferry.common.SchemaCache;
import io.ferry.common.SourceColumnTypes;
import io.ferry.dms.plan.ColumnMask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Masks string columns the way DMS's data-masking rule actions do, in flat rows and inside the
 * {@code before}/{@code after} images of Debezium change events. Columns a record does not have are
 * left alone (one SMT serves many tables); a masked column must be a string.
 */
public abstract class MaskColumns<R extends ConnectRecord<R>>
        implements Transformation<R>, Versioned {
    public static final String COLUMNS_CONFIG = "columns";
    public static final String ACTION_CONFIG = "mask.action";
    public static final String CHARACTER_CONFIG = "mask.character";

    private static final String PURPOSE = "masking columns";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            COLUMNS_CONFIG,
                            ConfigDef.Type.LIST,
                            ConfigDef.NO_DEFAULT_VALUE,
                            MaskColumns::validateColumns,
                            ConfigDef.Importance.HIGH,
                            "Names of the columns to mask.")
                    .define(
                            ACTION_CONFIG,
                            ConfigDef.Type.STRING,
                            ColumnMask.DIGITS_MASK.ruleAction(),
                            ConfigDef.ValidString.in(
                                    ColumnMask.DIGITS_MASK.ruleAction(),
                                    ColumnMask.DIGITS_RANDOMIZE.ruleAction(),
                                    ColumnMask.HASH_MASK.ruleAction()),
                            ConfigDef.Importance.HIGH,
                            "The DMS masking rule-action to apply.")
                    .define(
                            CHARACTER_CONFIG,
                            ConfigDef.Type.STRING,
                            "*",
                            MaskColumns::validateCharacter,
                            ConfigDef.Importance.MEDIUM,
                            "The character that replaces each digit with "
                                    + "data-masking-digits-mask (DMS's rule 'value'): one "
                                    + "printable ASCII character, not a space.");

    private Set<String> columns;
    private UnaryOperator<String> mask;
    // Masked columns are named alike in every table: one entry per schema instance.
    private final SchemaCache<Schema> schemas = new SchemaCache<>();

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        columns = Set.copyOf(config.getList(COLUMNS_CONFIG));
        mask =
                ColumnMask.fromRuleAction(config.getString(ACTION_CONFIG))
                        .function(config.getString(CHARACTER_CONFIG).charAt(0));
    }

    @Override
    public R apply(R record) {
        Object data = operatingValue(record);
        if (data == null) {
            return record;
        }
        Object masked;
        if (data instanceof Struct struct) {
            masked =
                    DebeziumEnvelope.isEnvelope(struct.schema())
                            ? EnvelopeImages.rewrite(
                                    struct,
                                    envelopeSchema(struct.schema()),
                                    image -> maskRow(image, record))
                            : maskRow(struct, record);
        } else if (data instanceof Map<?, ?> map) {
            masked =
                    DebeziumEnvelope.isEnvelope(map)
                            ? EnvelopeImages.rewrite(map, image -> maskRow(image, record))
                            : maskRow(map, record);
        } else {
            throw new DataException(
                    "Only Struct or Map objects supported for ["
                            + PURPOSE
                            + "], found: "
                            + data.getClass().getName());
        }
        return newRecord(record, masked);
    }

    /**
     * The envelope's schema with each image's masked columns without the source's declared type: a
     * masked value may outgrow the declared length (a hash), which a sink must not create.
     */
    private Schema envelopeSchema(Schema envelope) {
        return schemas.get("envelope", envelope, this::buildEnvelopeSchema);
    }

    private Schema buildEnvelopeSchema(Schema envelope) {
        boolean unchanged =
                envelope.fields().stream()
                        .filter(f -> EnvelopeImages.isImage(f.name()))
                        .allMatch(f -> rowSchema(f.schema()) == f.schema());
        return unchanged
                ? envelope
                : EnvelopeImages.schema(envelope, ConnectSchemas.header(envelope), this::rowSchema);
    }

    /** The row's schema with its masked columns' source type gone; itself when none has one. */
    private Schema rowSchema(Schema row) {
        return schemas.get("row", row, this::buildRowSchema);
    }

    private Schema buildRowSchema(Schema row) {
        boolean unchanged =
                row.fields().stream()
                        .filter(f -> columns.contains(f.name()))
                        .allMatch(
                                f -> SourceColumnTypes.withoutSourceType(f.schema()) == f.schema());
        if (unchanged) {
            return row;
        }
        SchemaBuilder builder = ConnectSchemas.header(row);
        for (Field field : row.fields()) {
            builder.field(
                    field.name(),
                    columns.contains(field.name())
                            ? SourceColumnTypes.withoutSourceType(field.schema())
                            : field.schema());
        }
        return builder.build();
    }

    private Struct maskRow(Struct row, R record) {
        Schema schema = rowSchema(row.schema());
        Struct copy = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = row.get(field.name());
            if (columns.contains(field.name()) && value != null) {
                requireString(field.name(), value, record);
                value = mask.apply((String) value);
            }
            copy.put(field, value);
        }
        return copy;
    }

    private Map<Object, Object> maskRow(Map<?, ?> row, R record) {
        Map<Object, Object> copy = new HashMap<>(row);
        for (String column : columns) {
            Object value = row.get(column);
            if (value != null) {
                requireString(column, value, record);
                copy.put(column, mask.apply((String) value));
            }
        }
        return copy;
    }

    // The value itself is never put in the message: it is what masking protects.
    private static void requireString(String column, Object value, ConnectRecord<?> record) {
        if (!(value instanceof String)) {
            String where =
                    " (topic " + record.topic() + ", partition " + record.kafkaPartition() + ")";
            throw new DataException(
                    "Column '"
                            + column
                            + "' cannot be masked: only string columns can be, found "
                            + value.getClass().getSimpleName()
                            + where);
        }
    }

    private static void validateColumns(String name, Object value) {
        if (value instanceof List<?> list && list.isEmpty()) {
            throw new ConfigException(name, value, "at least one column must be named");
        }
    }

    private static void validateCharacter(String name, Object value) {
        String text = (String) value;
        if (text == null || text.length() != 1 || text.charAt(0) <= ' ' || text.charAt(0) > '~') {
            throw new ConfigException(
                    name, value, "must be one printable ASCII character other than a space");
        }
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {}

    @Override
    public String version() {
        return PluginVersion.of(MaskColumns.class);
    }

    protected abstract Object operatingValue(R record);

    protected abstract R newRecord(R record, Object updatedValue);

    /**
     * The masked struct's own schema, which lost the masked columns' declared length: a converter
     * refuses a record whose schema is not its value's.
     */
    static Schema schemaOf(Object updated, Schema original) {
        return updated instanceof Struct struct ? struct.schema() : original;
    }

    /** Masks columns of the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends MaskColumns<R> {
        @Override
        protected Object operatingValue(R record) {
            return record.key();
        }

        @Override
        protected R newRecord(R record, Object updatedValue) {
            return record.newRecord(
                    record.topic(),
                    record.kafkaPartition(),
                    schemaOf(updatedValue, record.keySchema()),
                    updatedValue,
                    record.valueSchema(),
                    record.value(),
                    record.timestamp(),
                    record.headers().duplicate());
        }
    }

    /** Masks columns of the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends MaskColumns<R> {
        @Override
        protected Object operatingValue(R record) {
            return record.value();
        }

        @Override
        protected R newRecord(R record, Object updatedValue) {
            return record.newRecord(
                    record.topic(),
                    record.kafkaPartition(),
                    record.keySchema(),
                    record.key(),
                    schemaOf(updatedValue, record.valueSchema()),
                    updatedValue,
                    record.timestamp(),
                    record.headers().duplicate());
        }
    }
}
