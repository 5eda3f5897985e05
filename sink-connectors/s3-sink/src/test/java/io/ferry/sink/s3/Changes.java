package io.ferry.sink.s3;

import io.ferry.testing.Envelopes;
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
    static final Schema SOURCE = Envelopes.SOURCE;
    static final Schema ENVELOPE = Envelopes.envelope(ROW);

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
        Struct value =
                Envelopes.change(
                        ENVELOPE,
                        op,
                        before,
                        after,
                        Envelopes.source(schema, "orders", commit.toEpochMilli()));
        return new SinkRecord(
                partition.topic(), partition.partition(), null, null, ENVELOPE, value, offset);
    }
}
