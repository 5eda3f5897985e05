package io.ferry.common;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The source column type Debezium adds to a column's schema when asked ({@code
 * datatype.propagate.source.type}, which the DMS source sets for the character types with a
 * declared length, and for LOB types when it cuts or drops them): the type's name and its declared
 * length.
 */
public final class SourceColumnTypes {
    public static final String TYPE = "__debezium.source.column.type";
    public static final String LENGTH = "__debezium.source.column.length";
    private static final String PREFIX = "__debezium.source.column.";

    /**
     * Character types whose declared length bounds their values, as each engine's Debezium names
     * them (PostgreSQL's {@code char(n)} is {@code bpchar}): a target can declare the same length.
     */
    public static final Set<String> BOUNDED_CHARACTER_TYPES =
            Set.of(
                    "VARCHAR",
                    "CHAR",
                    "BPCHAR",
                    "CHARACTER",
                    "CHARACTER VARYING",
                    "NVARCHAR",
                    "NCHAR",
                    "VARCHAR2",
                    "NVARCHAR2");

    /** Beyond this a length means "unbounded" (PostgreSQL's bare varchar, SQL Server's max). */
    private static final long MAX_BOUNDED_LENGTH = (1L << 30) - 2;

    private SourceColumnTypes() {}

    /** The source type's name, upper case; null when the schema does not carry it. */
    public static String type(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        String type = parameters == null ? null : parameters.get(TYPE);
        return type == null ? null : type.toUpperCase(Locale.ROOT);
    }

    /** The declared length, as Debezium reports it; null when not carried. */
    public static String length(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        return parameters == null ? null : parameters.get(LENGTH);
    }

    /**
     * The declared length of a column of a bounded character type ({@code varchar(20)}: 20); empty
     * when the schema does not carry it, the type is another, or the length is unbounded.
     */
    public static OptionalInt characterLength(Schema schema) {
        String type = type(schema);
        String length = length(schema);
        if (type == null || length == null || !BOUNDED_CHARACTER_TYPES.contains(type)) {
            return OptionalInt.empty();
        }
        try {
            long n = Long.parseLong(length.trim());
            return n > 0 && n <= MAX_BOUNDED_LENGTH ? OptionalInt.of((int) n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The same schema without the source type: for a column whose values a transform changes (a
     * hash of a {@code varchar(11)} is 64 characters long).
     */
    public static Schema withoutSourceType(Schema schema) {
        Map<String, String> parameters = schema.parameters();
        if (parameters == null
                || parameters.keySet().stream().noneMatch(k -> k.startsWith(PREFIX))) {
            return schema;
        }
        if (schema.type() == Schema.Type.STRUCT
                || schema.type() == Schema.Type.ARRAY
                || schema.type() == Schema.Type.MAP) {
            return schema;
        }
        SchemaBuilder builder = new SchemaBuilder(schema.type());
        if (schema.name() != null) {
            builder.name(schema.name());
        }
        if (schema.version() != null) {
            builder.version(schema.version());
        }
        if (schema.doc() != null) {
            builder.doc(schema.doc());
        }
        Map<String, String> kept = new HashMap<>(parameters);
        kept.keySet().removeIf(k -> k.startsWith(PREFIX));
        if (!kept.isEmpty()) {
            builder.parameters(kept);
        }
        if (schema.defaultValue() != null) {
            builder.defaultValue(schema.defaultValue());
        }
        return schema.isOptional() ? builder.optional().build() : builder.build();
    }
}
