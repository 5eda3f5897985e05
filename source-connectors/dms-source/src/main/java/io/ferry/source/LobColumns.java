package io.ferry.source;

import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import io.ferry.common.UnavailableValues;
import io.ferry.dms.Engine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the LOB settings to each captured row, as DMS does: LOB columns left out ({@code
 * SupportLobs=false}) or cut to the table's limit (limited mode), never a key column. A column is a
 * LOB by its source type, which Debezium adds to the column's schema ({@code
 * datatype.propagate.source.type}, set by {@link DebeziumSettings}).
 */
final class LobColumns {
    static final String SOURCE_TYPE = SourceColumnTypes.TYPE;
    private static final Logger LOG = LoggerFactory.getLogger(LobColumns.class);
    private static final int MAX_CACHED_SCHEMAS = 1_000;

    private final Engine engine;
    private final LobLimits limits;
    private final Consumer<TableId> truncated;
    private final Set<String> warned = new HashSet<>();
    private final Map<Schema, Schema> withoutLobs = new IdentityHashMap<>();

    LobColumns(Engine engine, LobLimits limits, Consumer<TableId> truncated) {
        this.engine = engine;
        this.limits = limits;
        this.truncated = truncated;
    }

    /** The record as the LOB settings leave it; the same record when they change nothing. */
    SourceRecord apply(SourceRecord record) {
        if (!limits.changesLobs()
                || !(record.value() instanceof Struct envelope)
                || !DebeziumEnvelope.isEnvelope(envelope.schema())) {
            return record;
        }
        TableId table = DebeziumEnvelope.sourceTable(envelope).orElse(null);
        if (table == null) {
            return record;
        }
        Set<String> keys = keyColumns(record.keySchema());
        keys.addAll(limits.definedKey(table));
        Struct changed =
                limits.dropsLobs()
                        ? withoutLobs(envelope, keys)
                        : cut(envelope, keys, table, limits.maxBytes(table), record.key());
        if (changed == envelope) {
            return record;
        }
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                changed.schema(),
                changed,
                record.timestamp(),
                record.headers());
    }

    private boolean isLob(Field field, Set<String> keys) {
        String type = SourceColumnTypes.type(field.schema());
        return type != null
                && !keys.contains(field.name())
                && engine.isLob(type, SourceColumnTypes.length(field.schema()));
    }

    private static Set<String> keyColumns(Schema keySchema) {
        Set<String> keys = new HashSet<>();
        if (keySchema != null && keySchema.type() == Schema.Type.STRUCT) {
            keySchema.fields().forEach(f -> keys.add(f.name()));
        }
        return keys;
    }

    // --- SupportLobs=false: the LOB columns leave the row's schema.

    private Struct withoutLobs(Struct envelope, Set<String> keys) {
        Schema schema = envelopeWithoutLobs(envelope.schema(), keys);
        if (schema == envelope.schema()) {
            return envelope;
        }
        Struct out = new Struct(schema);
        for (Field field : schema.fields()) {
            Object value = envelope.get(field.name());
            if (value instanceof Struct row && isRow(field.name())) {
                value = project(row, field.schema());
            }
            out.put(field, value);
        }
        return out;
    }

    private Schema envelopeWithoutLobs(Schema envelope, Set<String> keys) {
        Schema known = withoutLobs.get(envelope);
        if (known != null) {
            return known;
        }
        Schema row = null;
        for (String image : new String[] {DebeziumEnvelope.BEFORE, DebeziumEnvelope.AFTER}) {
            Field field = envelope.field(image);
            if (field != null && row == null) {
                row = rowWithoutLobs(field.schema(), keys);
            }
        }
        Schema result = envelope;
        if (row != null) {
            SchemaBuilder builder = ConnectSchemas.header(envelope);
            for (Field field : envelope.fields()) {
                builder.field(field.name(), isRow(field.name()) ? row : field.schema());
            }
            result = builder.build();
        }
        if (withoutLobs.size() >= MAX_CACHED_SCHEMAS) {
            withoutLobs.clear();
        }
        withoutLobs.put(envelope, result);
        return result;
    }

    /** The row schema without its LOB columns; null when it has none. */
    private Schema rowWithoutLobs(Schema row, Set<String> keys) {
        if (row.fields().stream().noneMatch(f -> isLob(f, keys))) {
            return null;
        }
        SchemaBuilder builder = ConnectSchemas.header(row);
        for (Field field : row.fields()) {
            if (!isLob(field, keys)) {
                builder.field(field.name(), field.schema());
            }
        }
        return builder.build();
    }

    private static Struct project(Struct row, Schema schema) {
        Struct out = new Struct(schema);
        for (Field field : schema.fields()) {
            out.put(field, row.get(field.name()));
        }
        return out;
    }

    private static boolean isRow(String field) {
        return field.equals(DebeziumEnvelope.BEFORE) || field.equals(DebeziumEnvelope.AFTER);
    }

    // --- Limited mode: each LOB cut to the table's limit, counted and logged.

    private Struct cut(Struct envelope, Set<String> keys, TableId table, long max, Object key) {
        if (max == LobLimits.WHOLE) {
            return envelope;
        }
        Struct out = null;
        for (String image : new String[] {DebeziumEnvelope.BEFORE, DebeziumEnvelope.AFTER}) {
            if (envelope.schema().field(image) == null
                    || !(envelope.get(image) instanceof Struct row)) {
                continue;
            }
            Struct cutRow = cutRow(row, keys, table, max, key);
            if (cutRow != row) {
                if (out == null) {
                    out = copy(envelope);
                }
                out.put(image, cutRow);
            }
        }
        return out == null ? envelope : out;
    }

    private Struct cutRow(Struct row, Set<String> keys, TableId table, long max, Object key) {
        Struct out = null;
        for (Field field : row.schema().fields()) {
            Object value = row.get(field);
            if (value == null || !isLob(field, keys) || UnavailableValues.isPlaceholder(value)) {
                continue;
            }
            Object shorter = shorten(value, max);
            if (shorter != value) {
                if (out == null) {
                    out = copy(row);
                }
                out.put(field, shorter);
                truncated.accept(table);
                if (warned.add(table + "." + field.name())) {
                    LOG.warn(
                            "LOB of {}.{} cut to {} bytes (limited LOB mode) for the row with key"
                                    + " {}; later cuts of this column are counted in the table's"
                                    + " lobs-truncated metric",
                            table,
                            field.name(),
                            max,
                            key);
                }
            }
        }
        return out == null ? row : out;
    }

    /** The value cut to {@code max} bytes (text: whole UTF-8 characters); itself when shorter. */
    static Object shorten(Object value, long max) {
        if (value instanceof String text) {
            if (text.length() * 3L <= max) {
                return text; // even all-three-byte characters fit
            }
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            if (utf8.length <= max) {
                return text;
            }
            int end = (int) max;
            while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
                end--; // never split a character
            }
            return new String(utf8, 0, end, StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return bytes.length <= max ? bytes : java.util.Arrays.copyOf(bytes, (int) max);
        }
        if (value instanceof ByteBuffer buffer) {
            if (buffer.remaining() <= max) {
                return buffer;
            }
            byte[] kept = new byte[(int) max];
            buffer.duplicate().get(kept);
            return ByteBuffer.wrap(kept);
        }
        return value;
    }

    private static Struct copy(Struct struct) {
        Struct out = new Struct(struct.schema());
        for (Field field : struct.schema().fields()) {
            out.put(field, struct.get(field));
        }
        return out;
    }
}
