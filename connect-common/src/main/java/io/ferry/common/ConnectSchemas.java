package io.ferry.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** Small schema operations more than one plugin needs. */
public final class ConnectSchemas {
    private ConnectSchemas() {}

    /** The same schema, optional: for columns that may be NULL where the source's may not. */
    public static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder =
                switch (schema.type()) {
                    case ARRAY -> SchemaBuilder.array(schema.valueSchema());
                    case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
                    case STRUCT -> {
                        SchemaBuilder struct = SchemaBuilder.struct();
                        schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
                        yield struct;
                    }
                    default -> new SchemaBuilder(schema.type());
                };
        if (schema.name() != null) {
            builder.name(schema.name());
        }
        if (schema.version() != null) {
            builder.version(schema.version());
        }
        if (schema.doc() != null) {
            builder.doc(schema.doc());
        }
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return builder.optional().build();
    }

    /** A struct builder with the schema's name, version, doc, parameters and optionality. */
    public static SchemaBuilder header(Schema struct) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (struct.name() != null) {
            builder.name(struct.name());
        }
        if (struct.version() != null) {
            builder.version(struct.version());
        }
        if (struct.doc() != null) {
            builder.doc(struct.doc());
        }
        if (struct.parameters() != null) {
            builder.parameters(struct.parameters());
        }
        return struct.isOptional() ? builder.optional() : builder;
    }
}
