package io.ferry.common;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads Debezium's change-event envelope ({@code before}, {@code after}, {@code source}, {@code
 * op}) in its two forms: a {@link Struct} with a schema, and a schemaless {@link Map}.
 */
public final class DebeziumEnvelope {
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String SOURCE = "source";
    public static final String OP = "op";

    private DebeziumEnvelope() {}

    public static boolean isEnvelope(Schema schema) {
        return schema != null
                && schema.type() == Schema.Type.STRUCT
                && schema.field(OP) != null
                && (schema.field(AFTER) != null || schema.field(BEFORE) != null);
    }

    public static boolean isEnvelope(Map<?, ?> value) {
        return value.containsKey(OP) && (value.containsKey(AFTER) || value.containsKey(BEFORE));
    }

    /** True for a record value in either form that is an envelope. */
    public static boolean isEnvelope(Object value) {
        return value instanceof Struct struct
                ? isEnvelope(struct.schema())
                : value instanceof Map<?, ?> map && isEnvelope(map);
    }

    /** The operation: {@link Operation#READ} for snapshot rows, and so on. */
    public static Operation operation(Object envelope) {
        return Operation.fromCode((String) field(envelope, OP));
    }

    /** The before or after image, or null when the event has none. */
    public static Object image(Object envelope, String which) {
        return field(envelope, which);
    }

    /** The source table from the {@code source} block: {@code schema} if set, else {@code db}. */
    public static Optional<TableId> sourceTable(Object envelope) {
        Object source = field(envelope, SOURCE);
        if (source == null) {
            return Optional.empty();
        }
        Object schema = field(source, "schema");
        Object database = field(source, "db");
        Object table = field(source, "table");
        Object owner = schema != null ? schema : database;
        if (owner == null || table == null) {
            return Optional.empty();
        }
        return Optional.of(new TableId(owner.toString(), table.toString()));
    }

    /**
     * The time a block ({@code source}: the commit; the envelope: when Debezium read the change)
     * records, from {@code ts_us} when present, else {@code ts_ms}.
     */
    public static Optional<Instant> time(Object block) {
        Object micros = field(block, "ts_us");
        if (micros instanceof Number us) {
            long value = us.longValue();
            return Optional.of(
                    Instant.ofEpochSecond(
                            Math.floorDiv(value, 1_000_000L),
                            Math.floorMod(value, 1_000_000L) * 1_000L));
        }
        Object millis = field(block, "ts_ms");
        return millis instanceof Number ms
                ? Optional.of(Instant.ofEpochMilli(ms.longValue()))
                : Optional.empty();
    }

    /** A field of a Struct or a Map; null when absent. */
    public static Object field(Object container, String name) {
        if (container instanceof Struct struct) {
            return struct.schema().field(name) == null ? null : struct.get(name);
        }
        if (container instanceof Map<?, ?> map) {
            return map.get(name);
        }
        return null;
    }
}
