package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.SourceColumnTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MaskColumnsTest {
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .name("pg.public.customers.Value")
                    .field("id", Schema.INT32_SCHEMA)
                    .field("passport", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .build();

    private final MaskColumns<SourceRecord> value = new MaskColumns.Value<>();

    @AfterEach
    void close() {
        value.close();
    }

    private static Schema envelopeSchema() {
        Schema optionalRow =
                SchemaBuilder.struct()
                        .name("pg.public.customers.Value")
                        .optional()
                        .field("id", Schema.INT32_SCHEMA)
                        .field("passport", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("name", Schema.STRING_SCHEMA)
                        .build();
        return SchemaBuilder.struct()
                .name("pg.public.customers.Envelope")
                .field("before", optionalRow)
                .field("after", optionalRow)
                .field("op", Schema.STRING_SCHEMA)
                .build();
    }

    private static Struct row(Schema schema, int id, String passport) {
        return new Struct(schema).put("id", id).put("passport", passport).put("name", "Ann 2");
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(Map.of(), Map.of(), "pg.public.customers", 0, schema, value);
    }

    private void configure(String action) {
        value.configure(
                Map.of(
                        MaskColumns.COLUMNS_CONFIG, "passport,missing",
                        MaskColumns.ACTION_CONFIG, action,
                        MaskColumns.CHARACTER_CONFIG, "#"));
    }

    @Test
    void masksOnlyTheNamedColumnsOfAFlatRow() {
        configure("data-masking-digits-mask");
        Struct input = row(ROW, 7, "C6BGJ56669K");

        Struct output = (Struct) value.apply(record(ROW, input)).value();

        assertEquals("C#BGJ#####K", output.get("passport"));
        assertEquals(7, output.get("id"));
        assertEquals("Ann 2", output.get("name"));
        assertSame(ROW, output.schema());
        assertEquals("C6BGJ56669K", input.get("passport"), "input must not be mutated");
    }

    /**
     * A masked column loses the source's declared type and length (a hash outgrows a varchar(11)),
     * so a sink does not create varchar(11) for it; others keep theirs.
     */
    @Test
    void aMaskedColumnLosesTheSourcesDeclaredLength() {
        configure("data-masking-hash-mask");
        Schema declared =
                SchemaBuilder.struct()
                        .name("pg.public.customers.Value")
                        .field("id", Schema.INT32_SCHEMA)
                        .field(
                                "name",
                                SchemaBuilder.string()
                                        .optional()
                                        .parameter(SourceColumnTypes.TYPE, "VARCHAR")
                                        .parameter(SourceColumnTypes.LENGTH, "20")
                                        .build())
                        .field(
                                "passport",
                                SchemaBuilder.string()
                                        .optional()
                                        .parameter(SourceColumnTypes.TYPE, "VARCHAR")
                                        .parameter(SourceColumnTypes.LENGTH, "11")
                                        .build())
                        .build();
        Struct input = new Struct(declared).put("id", 1).put("name", "Ann").put("passport", "abc");
        SourceRecord masked = value.apply(record(declared, input));
        Struct output = (Struct) masked.value();
        // The record's schema is its value's: JsonConverter refuses a mismatch.
        assertSame(output.schema(), masked.valueSchema());
        assertEquals(64, output.getString("passport").length());
        assertEquals(null, SourceColumnTypes.length(output.schema().field("passport").schema()));
        assertEquals("20", SourceColumnTypes.length(output.schema().field("name").schema()));
    }

    @Test
    void masksBothImagesOfADebeziumEnvelope() {
        configure("data-masking-hash-mask");
        Schema envelope = envelopeSchema();
        Schema image = envelope.field("after").schema();
        Struct input =
                new Struct(envelope)
                        .put("before", row(image, 1, "abc"))
                        .put("after", row(image, 1, "abc"))
                        .put("op", "u");

        Struct output = (Struct) value.apply(record(envelope, input)).value();

        String hash = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        assertEquals(hash, output.getStruct("before").get("passport"));
        assertEquals(hash, output.getStruct("after").get("passport"));
        assertEquals("u", output.get("op"));
        assertEquals("abc", input.getStruct("after").get("passport"));
    }

    @Test
    void leavesAMissingImageAndNullValuesAlone() {
        configure("data-masking-digits-mask");
        Schema envelope = envelopeSchema();
        Struct input =
                new Struct(envelope)
                        .put("after", row(envelope.field("after").schema(), 1, null))
                        .put("op", "c");

        Struct output = (Struct) value.apply(record(envelope, input)).value();

        assertNull(output.get("before"));
        assertNull(output.getStruct("after").get("passport"));
    }

    @Test
    void masksSchemalessRowsAndEnvelopes() {
        configure("data-masking-digits-mask");
        Map<String, Object> after = new HashMap<>(Map.of("id", 1, "passport", "A12"));
        Map<String, Object> input = new HashMap<>(Map.of("after", after, "op", "r"));

        Map<?, ?> output = (Map<?, ?>) value.apply(record(null, input)).value();
        Map<?, ?> flat = (Map<?, ?>) value.apply(record(null, after)).value();

        assertEquals("A##", ((Map<?, ?>) output.get("after")).get("passport"));
        assertEquals("A##", flat.get("passport"));
        assertEquals("A12", after.get("passport"));
    }

    @Test
    void passesTombstonesThrough() {
        configure("data-masking-digits-mask");
        SourceRecord tombstone = record(null, null);
        assertSame(tombstone, value.apply(tombstone));
    }

    @Test
    void masksTheKeyWithTheKeyVariant() {
        MaskColumns<SourceRecord> key = new MaskColumns.Key<>();
        key.configure(Map.of(MaskColumns.COLUMNS_CONFIG, "passport"));
        Struct input = row(ROW, 3, "X99");
        SourceRecord record =
                new SourceRecord(Map.of(), Map.of(), "t", 0, ROW, input, null, "value");

        SourceRecord output = key.apply(record);

        assertEquals("X**", ((Struct) output.key()).get("passport"));
        assertEquals("value", output.value());
    }

    @Test
    void refusesANonStringColumnWithoutShowingItsValue() {
        value.configure(Map.of(MaskColumns.COLUMNS_CONFIG, "id"));
        DataException e =
                assertThrows(
                        DataException.class, () -> value.apply(record(ROW, row(ROW, 4242, "x"))));
        assertEquals(
                "Column 'id' cannot be masked: only string columns can be, found Integer"
                        + " (topic pg.public.customers, partition 0)",
                e.getMessage());
    }

    @Test
    void refusesValuesThatAreNotRows() {
        configure("data-masking-digits-mask");
        assertThrows(DataException.class, () -> value.apply(record(Schema.STRING_SCHEMA, "123")));
    }

    @Test
    void validationNamesTheBadKey() {
        Map<String, String> props =
                Map.of(
                        MaskColumns.COLUMNS_CONFIG, "",
                        MaskColumns.ACTION_CONFIG, "data-masking-everything",
                        MaskColumns.CHARACTER_CONFIG, "##");
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : MaskColumns.CONFIG_DEF.validate(props)) {
            errors.put(v.name(), v.errorMessages());
        }
        assertEquals(
                List.of(
                        "Invalid value [] for configuration columns: at least one column must be"
                                + " named"),
                errors.get(MaskColumns.COLUMNS_CONFIG));
        assertTrue(
                errors.get(MaskColumns.ACTION_CONFIG).get(0).contains("data-masking-everything"));
        assertEquals(
                List.of(
                        "Invalid value ## for configuration mask.character: must be one printable"
                                + " ASCII character other than a space"),
                errors.get(MaskColumns.CHARACTER_CONFIG));
    }
}
