package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class DebeziumEnvelopeTest {
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("db", Schema.STRING_SCHEMA)
                    .field("schema", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", SchemaBuilder.struct().optional().build())
                    .field("after", SchemaBuilder.struct().optional().build())
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();

    @Test
    void postgresEventsNameTheirSchema() {
        Struct source =
                new Struct(SOURCE).put("db", "shop").put("schema", "sales").put("table", "t");
        Struct event = new Struct(ENVELOPE).put("source", source).put("op", "u");
        assertTrue(DebeziumEnvelope.isEnvelope(event));
        assertEquals(Optional.of(new TableId("sales", "t")), DebeziumEnvelope.sourceTable(event));
        assertEquals(Operation.UPDATE, DebeziumEnvelope.operation(event));
    }

    @Test
    void mysqlEventsUseTheDatabaseAsSchema() {
        Map<String, Object> event =
                Map.of(
                        "after", Map.of("id", 1),
                        "op", "r",
                        "source", Map.of("db", "inventory", "table", "customers"));
        assertTrue(DebeziumEnvelope.isEnvelope((Object) event));
        assertEquals(
                Optional.of(new TableId("inventory", "customers")),
                DebeziumEnvelope.sourceTable(event));
        assertEquals("I", DebeziumEnvelope.operation(event).dmsCode());
    }

    @Test
    void aFlatRowIsNotAnEnvelope() {
        assertFalse(DebeziumEnvelope.isEnvelope((Object) Map.of("id", 1, "after", "x")));
        assertFalse(DebeziumEnvelope.isEnvelope((Object) "text"));
    }

    @Test
    void targetTableHeadersRoundTripAndReplace() {
        ConnectHeaders headers = new ConnectHeaders();
        TableHeaders.write(headers, new TableId("s", "t"), new TableId("a", "b"));
        TableHeaders.write(headers, new TableId("s", "t"), new TableId("c", "d"));
        assertEquals(Optional.of(new TableId("c", "d")), TableHeaders.target(headers));
        assertEquals(4, headers.size());
    }

    @Test
    void timePrefersMicrosecondsOverMilliseconds() {
        assertEquals(
                Optional.of(Instant.parse("2026-12-02T06:55:25.123456Z")),
                DebeziumEnvelope.time(Map.of("ts_ms", 1796194525123L, "ts_us", 1796194525123456L)));
        assertEquals(
                Optional.of(Instant.parse("2026-12-02T06:55:25.123Z")),
                DebeziumEnvelope.time(Map.of("ts_ms", 1796194525123L)));
        assertEquals(Optional.empty(), DebeziumEnvelope.time(Map.of()));
    }
}
