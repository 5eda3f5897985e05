package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class UnavailableValuesTest {
    private static final String P = UnavailableValues.PLACEHOLDER;
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .field("id", Schema.INT32_SCHEMA)
                    .field("body", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("data", Schema.OPTIONAL_BYTES_SCHEMA)
                    .build();

    @Test
    void eachFormDebeziumSendsIsRecognised() {
        byte[] bytes = P.getBytes(StandardCharsets.UTF_8);
        assertTrue(UnavailableValues.isPlaceholder(P));
        assertTrue(UnavailableValues.isPlaceholder(bytes));
        assertTrue(UnavailableValues.isPlaceholder(ByteBuffer.wrap(bytes)));
        assertTrue(UnavailableValues.isPlaceholder(Map.of(P, P)));
        assertTrue(UnavailableValues.isPlaceholder("{\"" + P + "\":\"" + P + "\"}"));
        assertTrue(UnavailableValues.isPlaceholder(List.of("a", P)));
        List<Integer> numbers = new java.util.ArrayList<>();
        for (byte b : bytes) {
            numbers.add((int) b);
        }
        assertTrue(UnavailableValues.isPlaceholder(numbers));
        assertTrue(
                UnavailableValues.isPlaceholder(
                        java.util.Base64.getEncoder().encodeToString(bytes)));
        assertTrue(UnavailableValues.isPlaceholder(java.util.HexFormat.of().formatHex(bytes)));
        assertFalse(UnavailableValues.isPlaceholder(P + " "));
        assertFalse(UnavailableValues.isPlaceholder(""));
        assertFalse(UnavailableValues.isPlaceholder(null));
        assertFalse(UnavailableValues.isPlaceholder(List.of(1, 2)));
    }

    @Test
    void aLaterImageTakesTheColumnsItLacksFromTheEarlierOne() {
        Struct earlier =
                new Struct(ROW).put("id", 1).put("body", "long").put("data", new byte[] {1});
        Struct later =
                new Struct(ROW)
                        .put("id", 1)
                        .put("body", P)
                        .put("data", P.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("body", "data"), UnavailableValues.fields(later));
        Struct filled = UnavailableValues.fill(later, earlier);
        assertEquals("long", filled.get("body"));
        assertEquals(List.of(), UnavailableValues.fields(filled));
        assertEquals(P, later.get("body"), "the input is not changed");
        Struct full = new Struct(ROW).put("id", 1).put("body", "x");
        assertSame(full, UnavailableValues.fill(full, earlier));
        assertEquals(
                List.of("body"),
                UnavailableValues.fields(
                        UnavailableValues.fill(
                                later,
                                new Struct(ROW)
                                        .put("id", 1)
                                        .put("body", P)
                                        .put("data", new byte[] {2}))));
    }
}
