package io.ferry.benchmarks.load;

import io.ferry.testing.Converters;
import java.math.BigDecimal;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;

/**
 * Debezium PostgreSQL change events for the baseline's 10-column table (bigint key, int,
 * numeric(12,2), double, varchar(40), 80-character text, timestamp, date, boolean, 36-character
 * varchar), serialized by the converter the worker reads them with: Debezium's default JSON with
 * schemas, or Avro with the schema in the registry.
 */
final class LoadEvents {
    private static final String TEXT_80 = "x".repeat(80);

    private final Schema row =
            SchemaBuilder.struct()
                    .name("load.public.rows.Value")
                    .optional()
                    .field("id", Schema.INT64_SCHEMA)
                    .field("c_int", Schema.OPTIONAL_INT32_SCHEMA)
                    .field(
                            "c_num",
                            Decimal.builder(2)
                                    .parameter("connect.decimal.precision", "12")
                                    .optional()
                                    .build())
                    .field("c_double", Schema.OPTIONAL_FLOAT64_SCHEMA)
                    .field("c_name", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("c_text", Schema.OPTIONAL_STRING_SCHEMA)
                    .field(
                            "c_ts",
                            SchemaBuilder.int64()
                                    .name("io.debezium.time.MicroTimestamp")
                                    .version(1)
                                    .optional()
                                    .build())
                    .field(
                            "c_date",
                            SchemaBuilder.int32()
                                    .name("io.debezium.time.Date")
                                    .version(1)
                                    .optional()
                                    .build())
                    .field("c_flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                    .field("c_uuid", Schema.OPTIONAL_STRING_SCHEMA)
                    .build();
    private final Schema key =
            SchemaBuilder.struct()
                    .name("load.public.rows.Key")
                    .field("id", Schema.INT64_SCHEMA)
                    .build();
    private final Schema source =
            SchemaBuilder.struct()
                    .name("io.debezium.connector.postgresql.Source")
                    .field("version", Schema.STRING_SCHEMA)
                    .field("connector", Schema.STRING_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("db", Schema.STRING_SCHEMA)
                    .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
    private final Schema envelope =
            SchemaBuilder.struct()
                    .name("load.public.rows.Envelope")
                    .field("before", row)
                    .field("after", row)
                    .field("source", source)
                    .field("op", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
    private final Converter keys;
    private final Converter values;

    LoadEvents(Converters format) {
        keys = format.keyConverter();
        values = format.valueConverter();
    }

    /** The row with key {@code id}, version {@code version} (changes every column but the key). */
    Struct row(long id, long version) {
        long v = id + version * 7919;
        return new Struct(row)
                .put("id", id)
                .put("c_int", (int) (v % 1_000_000))
                .put("c_num", BigDecimal.valueOf(v % 10_000_000, 2))
                .put("c_double", v / 3.0)
                .put("c_name", "name-" + v)
                .put("c_text", TEXT_80)
                .put("c_ts", 1_577_836_800_000_000L + v * 1_000_001L)
                .put("c_date", (int) (18_000 + v % 3_000))
                .put("c_flag", v % 2 == 0)
                .put("c_uuid", String.format("%08x-0000-4000-8000-%012x", id, v));
    }

    byte[] key(String topic, long id) {
        return keys.fromConnectData(topic, key, new Struct(key).put("id", id));
    }

    /** A change event: op {@code r}, {@code c}, {@code u} or {@code d}. */
    byte[] event(String topic, String op, Struct before, Struct after) {
        Struct block =
                new Struct(source)
                        .put("version", "3.5.0.Final")
                        .put("connector", "postgresql")
                        .put("name", "load")
                        .put("ts_ms", 1_700_000_000_000L)
                        .put("snapshot", op.equals("r") ? "true" : "false")
                        .put("db", "ferry")
                        .put("schema", "public")
                        .put("table", "rows")
                        .put("txId", 1L)
                        .put("lsn", 1L);
        Struct value =
                new Struct(envelope)
                        .put("before", before)
                        .put("after", after)
                        .put("source", block)
                        .put("op", op)
                        .put("ts_ms", 1_700_000_000_000L);
        return values.fromConnectData(topic, envelope, value);
    }
}
