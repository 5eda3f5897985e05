package io.ferry.common;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Rewrites the two row images of a Debezium envelope ({@code before}, {@code after}) and copies
 * everything else, never touching the input. Transforms that change rows use it so that both images
 * always change alike.
 */
public final class EnvelopeImages {
    private EnvelopeImages() {}

    public static boolean isImage(String field) {
        return field.equals(DebeziumEnvelope.BEFORE) || field.equals(DebeziumEnvelope.AFTER);
    }

    /**
     * The envelope schema with each image's schema passed through {@code image}; {@code header}
     * carries the new schema's name, version and optionality.
     */
    public static Schema schema(
            Schema envelope, SchemaBuilder header, UnaryOperator<Schema> image) {
        for (Field field : envelope.fields()) {
            Schema schema = field.schema();
            if (isImage(field.name()) && schema.type() == Schema.Type.STRUCT) {
                schema = image.apply(schema);
            }
            header.field(field.name(), schema);
        }
        return header.build();
    }

    /** A copy of {@code envelope} in schema {@code target}, each present image rewritten. */
    public static Struct rewrite(Struct envelope, Schema target, UnaryOperator<Struct> image) {
        Struct out = new Struct(target);
        List<Field> in = envelope.schema().fields();
        List<Field> fields = target.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            Object value = envelope.get(in.get(i));
            boolean rewrite = isImage(field.name()) && value instanceof Struct;
            out.put(field, rewrite ? image.apply((Struct) value) : value);
        }
        return out;
    }

    /** A copy of a schemaless envelope, each present image rewritten. */
    public static Map<Object, Object> rewrite(
            Map<?, ?> envelope, Function<Map<?, ?>, Object> image) {
        Map<Object, Object> out = new HashMap<>(envelope);
        for (String name : List.of(DebeziumEnvelope.BEFORE, DebeziumEnvelope.AFTER)) {
            if (envelope.get(name) instanceof Map<?, ?> row) {
                out.put(name, image.apply(row));
            }
        }
        return out;
    }
}
