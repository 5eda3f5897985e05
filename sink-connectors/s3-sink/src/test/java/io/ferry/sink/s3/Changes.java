package io.ferry.sink.s3;

import java.time.Instant;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Debezium change events of a table {@code (id, name)} from {@code sales.orders}, for tests. */
final class Changes {
    static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("id", Schema.INT32_SCHEMA)
                    .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                    .build();
    static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();
    static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();

    private Changes() {}

    static Struct row(int id, String name) {
        return new Struct(ROW).put("id", id).put("name", name);
    }

    /** A change of {@code schema.orders} committed at {@code commit}, at a partition's offset. */
    static SinkRecord event(
            TopicPartition partition,
            String schema,
            long offset,
            String op,
            Struct before,
            Struct after,
            Instant commit) {
        Struct source =
                new Struct(SOURCE)
                        .put("schema", schema)
                        .put("table", "orders")
                        .put("ts_ms", commit.toEpochMilli());
        Struct value =
                new Struct(ENVELOPE)
                        .put("before", before)
                        .put("after", after)
                        .put("source", source)
                        .put("op", op);
        return new SinkRecord(
                partition.topic(), partition.partition(), null, null, ENVELOPE, value, offset);
    }
}
