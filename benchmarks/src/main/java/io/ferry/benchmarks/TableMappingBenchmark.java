package io.ferry.benchmarks;

import io.ferry.tablemapping.TableMapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10-rule DMS mapping (selection with a filter, an exclude, lower-casing, renames, a prefix, a
 * removed column, a digits mask, an add-column expression) on a Debezium update event: Ferry
 * rewrites both images and the key and routes the record. The peer is what Kafka's built-in SMTs
 * can do of it — ReplaceField (renames, drop) then MaskField — on the flat after-row alone, so the
 * peer does less work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TableMappingBenchmark {
    private static final String MAPPING =
            """
            {"rules": [
              {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
               "object-locator": {"schema-name": "sales", "table-name": "%"},
               "filters": [{"filter-type": "source", "column-name": "Balance",
                            "filter-conditions": [{"filter-operator": "gte", "value": "0"}]}]},
              {"rule-type": "selection", "rule-id": "2", "rule-name": "2", "rule-action": "exclude",
               "object-locator": {"schema-name": "sales", "table-name": "Audit%"}},
              {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-action": "convert-lowercase",
               "rule-target": "schema", "object-locator": {"schema-name": "%"}},
              {"rule-type": "transformation", "rule-id": "4", "rule-name": "4", "rule-action": "convert-lowercase",
               "rule-target": "table", "object-locator": {"schema-name": "%", "table-name": "%"}},
              {"rule-type": "transformation", "rule-id": "5", "rule-name": "5", "rule-action": "rename",
               "rule-target": "column", "value": "name",
               "object-locator": {"schema-name": "sales", "table-name": "Customer_Master", "column-name": "Cust_Name"}},
              {"rule-type": "transformation", "rule-id": "6", "rule-name": "6", "rule-action": "remove-column",
               "rule-target": "column",
               "object-locator": {"schema-name": "sales", "table-name": "Customer_Master", "column-name": "Region"}},
              {"rule-type": "transformation", "rule-id": "7", "rule-name": "7", "rule-action": "data-masking-digits-mask",
               "rule-target": "column", "value": "#",
               "object-locator": {"schema-name": "sales", "table-name": "Customer_Master", "column-name": "cust_passport_no"}},
              {"rule-type": "transformation", "rule-id": "8", "rule-name": "8", "rule-action": "add-prefix",
               "rule-target": "column", "value": "c_",
               "object-locator": {"schema-name": "sales", "table-name": "Customer_Master", "column-name": "Cust_Id"}},
              {"rule-type": "transformation", "rule-id": "9", "rule-name": "9", "rule-action": "convert-lowercase",
               "rule-target": "column", "object-locator": {"schema-name": "%", "table-name": "%", "column-name": "%"}},
              {"rule-type": "transformation", "rule-id": "10", "rule-name": "10", "rule-action": "add-column",
               "rule-target": "column", "value": "label", "expression": "upper($Cust_Name)||'_'||$Region",
               "data-type": {"type": "string", "length": 60},
               "object-locator": {"schema-name": "%", "table-name": "%"}}
            ]}
            """;

    private SourceRecord event;
    private SourceRecord flatRow;
    private TableMapping<SourceRecord> ferry;
    private List<Transformation<SourceRecord>> peer;

    @Setup
    public void setUp() {
        Schema row =
                SchemaBuilder.struct()
                        .name("cap.sales.Customer_Master.Value")
                        .optional()
                        .field("Cust_Id", Schema.INT32_SCHEMA)
                        .field("Cust_Name", Schema.STRING_SCHEMA)
                        .field("cust_passport_no", Schema.OPTIONAL_STRING_SCHEMA)
                        .field(
                                "Created_At",
                                SchemaBuilder.int64()
                                        .name("io.debezium.time.MicroTimestamp")
                                        .optional()
                                        .build())
                        .field(
                                "Birth_Date",
                                SchemaBuilder.int32()
                                        .name("io.debezium.time.Date")
                                        .optional()
                                        .build())
                        .field("Balance", Decimal.builder(2).optional().build())
                        .field("Region", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Schema source =
                SchemaBuilder.struct()
                        .name("io.debezium.connector.postgresql.Source")
                        .field("connector", Schema.STRING_SCHEMA)
                        .field("db", Schema.STRING_SCHEMA)
                        .field("schema", Schema.STRING_SCHEMA)
                        .field("table", Schema.STRING_SCHEMA)
                        .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                        .build();
        Schema envelope =
                SchemaBuilder.struct()
                        .name("cap.sales.Customer_Master.Envelope")
                        .field("before", row)
                        .field("after", row)
                        .field("source", source)
                        .field("op", Schema.STRING_SCHEMA)
                        .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                        .build();
        Schema key =
                SchemaBuilder.struct()
                        .name("cap.sales.Customer_Master.Key")
                        .field("Cust_Id", Schema.INT32_SCHEMA)
                        .build();
        Struct before = row(row, "Ada");
        Struct after = row(row, "Ada L.");
        Struct value =
                new Struct(envelope)
                        .put("before", before)
                        .put("after", after)
                        .put(
                                "source",
                                new Struct(source)
                                        .put("connector", "postgresql")
                                        .put("db", "shop")
                                        .put("schema", "sales")
                                        .put("table", "Customer_Master")
                                        .put("lsn", 26504808L))
                        .put("op", "u")
                        .put("ts_ms", 1_796_194_135_420L);
        String topic = "cap.sales.Customer_Master";
        event =
                new SourceRecord(
                        Map.of(),
                        Map.of(),
                        topic,
                        0,
                        key,
                        new Struct(key).put("Cust_Id", 1),
                        envelope,
                        value);
        flatRow =
                new SourceRecord(
                        Map.of(),
                        Map.of(),
                        topic,
                        0,
                        key,
                        new Struct(key).put("Cust_Id", 1),
                        row,
                        after);

        ferry = new TableMapping<>();
        ferry.configure(Map.of("table.mappings", MAPPING));
        ReplaceField<SourceRecord> rename = new ReplaceField.Value<>();
        rename.configure(
                Map.of(
                        "exclude", "Region",
                        "renames",
                                "Cust_Id:c_cust_id,Cust_Name:name,Created_At:created_on,Birth_Date:birth_date,Balance:balance"));
        MaskField<SourceRecord> mask = new MaskField.Value<>();
        mask.configure(Map.of("fields", "cust_passport_no", "replacement", "###########"));
        peer = List.of(rename, mask);
    }

    private static Struct row(Schema schema, String name) {
        return new Struct(schema)
                .put("Cust_Id", 1)
                .put("Cust_Name", name)
                .put("cust_passport_no", "C6BGJ56669K")
                .put("Created_At", 1_709_201_472_123_456L)
                .put("Birth_Date", -56_270)
                .put("Balance", new BigDecimal("1234.50"))
                .put("Region", "EU");
    }

    @Benchmark
    public SourceRecord ferry() {
        return ferry.apply(event);
    }

    @Benchmark
    public SourceRecord peer() {
        SourceRecord record = flatRow;
        for (Transformation<SourceRecord> t : peer) {
            record = t.apply(record);
        }
        return record;
    }
}
