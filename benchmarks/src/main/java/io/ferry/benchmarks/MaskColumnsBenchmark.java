package io.ferry.benchmarks;

import io.ferry.transforms.MaskColumns;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Masking one column of a 10-column row (the shape of the baseline table): Ferry's {@code
 * MaskColumns} with DMS's digits mask, beside Kafka's own {@code MaskField} replacing the same
 * column with a constant. Both copy the row into a new struct; Ferry also scans the digits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskColumnsBenchmark {
    private SourceRecord record;
    private MaskColumns<SourceRecord> ferry;
    private MaskField<SourceRecord> peer;

    @Setup
    public void setUp() {
        Schema schema =
                SchemaBuilder.struct()
                        .name("bench.public.orders.Value")
                        .field("id", Schema.INT64_SCHEMA)
                        .field("qty", Schema.INT32_SCHEMA)
                        .field("amount", Schema.STRING_SCHEMA)
                        .field("ratio", Schema.FLOAT64_SCHEMA)
                        .field("label", Schema.STRING_SCHEMA)
                        .field("note", Schema.STRING_SCHEMA)
                        .field("created", Schema.INT64_SCHEMA)
                        .field("day", Schema.INT32_SCHEMA)
                        .field("active", Schema.BOOLEAN_SCHEMA)
                        .field("passport", Schema.STRING_SCHEMA)
                        .build();
        Struct row =
                new Struct(schema)
                        .put("id", 42L)
                        .put("qty", 7)
                        .put("amount", "1234.56")
                        .put("ratio", 0.25)
                        .put("label", "label-0000000042")
                        .put("note", "n".repeat(80))
                        .put("created", 1_577_836_801_000L)
                        .put("day", 18_262)
                        .put("active", true)
                        .put("passport", "C6BGJ56669K");
        record = new SourceRecord(Map.of(), Map.of(), "bench.public.orders", 0, schema, row);

        ferry = new MaskColumns.Value<>();
        ferry.configure(Map.of("columns", "passport", "mask.character", "#"));
        peer = new MaskField.Value<>();
        peer.configure(Map.of("fields", "passport", "replacement", "###########"));
    }

    @TearDown
    public void tearDown() {
        ferry.close();
        peer.close();
    }

    @Benchmark
    public SourceRecord ferry() {
        return ferry.apply(record);
    }

    @Benchmark
    public SourceRecord peer() {
        return peer.apply(record);
    }
}
