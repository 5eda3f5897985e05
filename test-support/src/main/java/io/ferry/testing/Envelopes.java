package io.ferry.testing;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium change events built by hand, for tests that need an exact shape: an envelope of a row
 * schema ({@code before}, {@code after}, {@code source}, {@code op}) and a source block naming the
 * table and the commit time.
 */
public final class Envelopes {
    /** A source block: {@code schema}, {@code table}, {@code ts_ms} (the commit time). */
    public static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();

    private Envelopes() {}

    /** The unnamed envelope schema of an (optional) row schema, as JsonConverter may give one. */
    public static Schema envelope(Schema row) {
        return envelope(null, row);
    }

    /** The envelope schema of a row schema, named as Debezium names it ({@code topic.Envelope}). */
    public static Schema envelope(String name, Schema row) {
        return builder(name, row).build();
    }

    /** The envelope schema's builder, for a test that adds to it (a version, a field). */
    public static SchemaBuilder builder(String name, Schema row) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (name != null) {
            builder.name(name);
        }
        return builder.field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA);
    }

    public static Struct source(String schema, String table, long commitMillis) {
        return new Struct(SOURCE)
                .put("schema", schema)
                .put("table", table)
                .put("ts_ms", commitMillis);
    }

    /** A change: {@code op} is Debezium's ({@code r c u d t}); either image may be null. */
    public static Struct change(
            Schema envelope, String op, Struct before, Struct after, Struct source) {
        return new Struct(envelope)
                .put("before", before)
                .put("after", after)
                .put("source", source)
                .put("op", op);
    }
}
