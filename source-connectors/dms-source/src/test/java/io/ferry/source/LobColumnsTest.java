package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingParser;
import io.ferry.testing.Envelopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** DMS's LOB settings on Debezium's rows: cut, left out, or whole; key columns never touched. */
class LobColumnsTest {
    private static final Schema KEY =
            SchemaBuilder.struct().name("k").field("code", lob("text", false)).build();
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .name("shop.docs.Value")
                    .optional()
                    .field("code", lob("text", false))
                    .field("title", SchemaBuilder.string().optional().build())
                    .field("body", lob("text", true))
                    .field("scan", lob("bytea", true))
                    .build();
    private static final Schema ENVELOPE =
            Envelopes.builder("shop.docs.Envelope", ROW).version(2).build();

    private static Schema lob(String type, boolean optional) {
        SchemaBuilder builder =
                SchemaBuilder.type(type.equals("bytea") ? Schema.Type.BYTES : Schema.Type.STRING);
        builder.parameter(LobColumns.SOURCE_TYPE, type);
        return optional ? builder.optional().build() : builder.build();
    }

    private static SourceRecord record(String code, String body, byte[] scan) {
        String longCode = code;
        Struct after =
                new Struct(ROW)
                        .put("code", longCode)
                        .put("title", "x".repeat(5000))
                        .put("body", body)
                        .put("scan", scan);
        Struct value =
                Envelopes.change(ENVELOPE, "c", null, after, Envelopes.source("shop", "docs", 0L));
        return new SourceRecord(
                Map.of("server", "shop"),
                Map.of("lsn", 1L),
                "shop.shop.docs",
                null,
                KEY,
                new Struct(KEY).put("code", longCode),
                ENVELOPE,
                value);
    }

    private static LobLimits limits(boolean supported, Integer kb, String mapping) {
        return LobLimits.of(
                supported,
                kb,
                mapping == null ? List.of() : MappingParser.parse(mapping).tableSettings());
    }

    @Test
    void limitedModeCutsEachLobToWholeCharactersAndCountsIt() {
        List<TableId> cuts = new ArrayList<>();
        LobColumns columns = new LobColumns(Engine.POSTGRES, limits(true, 1, null), cuts::add);
        String body = "é".repeat(600) + "tail"; // 1,204 bytes of UTF-8
        byte[] scan = new byte[3000];
        SourceRecord cut = columns.apply(record("k".repeat(2000), body, scan));
        Struct after = (Struct) ((Struct) cut.value()).get("after");
        assertEquals("é".repeat(512), after.get("body"));
        assertEquals(1024, after.getBytes("scan").length);
        // Neither the key column (a text too) nor a column of another type is cut.
        assertEquals(2000, after.getString("code").length());
        assertEquals(5000, after.getString("title").length());
        assertEquals(List.of(new TableId("shop", "docs"), new TableId("shop", "docs")), cuts);
        // A row within the limit is the record itself.
        SourceRecord small = record("a", "short", new byte[10]);
        assertSame(small, columns.apply(small));
    }

    @Test
    void aTablesLobSettingsComeBeforeTheTasks() {
        String mapping =
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "shop", "table-name": "%"},
                   "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                   "object-locator": {"schema-name": "shop", "table-name": "docs"},
                   "lob-settings": {"mode": "limited", "bulk-max-size": "2"}}
                ]}
                """;
        LobLimits limits = limits(true, 1, mapping);
        assertEquals(2048, limits.maxBytes(new TableId("shop", "docs")));
        assertEquals(1024, limits.maxBytes(new TableId("shop", "other")));
        assertEquals(LobLimits.KAFKA_DEFAULT_BYTES + 8 * 2048, limits.recordBytes());
        LobLimits whole = limits(true, 1, mapping.replace("\"limited\"", "\"unlimited\""));
        assertEquals(LobLimits.WHOLE, whole.maxBytes(new TableId("shop", "docs")));
        assertEquals(LobLimits.WHOLE_LOB_RECORD_BYTES, whole.recordBytes());
        assertEquals(LobLimits.WHOLE_LOB_RECORD_BYTES, limits(true, null, null).recordBytes());
    }

    @Test
    void withoutLobSupportLobColumnsLeaveTheRowButKeyColumnsStay() {
        LobColumns columns = new LobColumns(Engine.POSTGRES, limits(false, null, null), t -> {});
        SourceRecord dropped = columns.apply(record("k1", "body", new byte[] {1, 2}));
        Struct value = (Struct) dropped.value();
        Schema row = value.schema().field("after").schema();
        assertEquals(
                List.of("code", "title"),
                row.fields().stream().map(org.apache.kafka.connect.data.Field::name).toList());
        assertEquals("shop.docs.Value", row.name());
        assertEquals(Integer.valueOf(2), value.schema().version());
        assertNull(value.get("before"));
        assertEquals("k1", value.getStruct("after").get("code"));
        assertEquals("docs", value.getStruct("source").get("table"));
        assertSame(
                value.schema(),
                ((Struct) columns.apply(record("k2", "b", null)).value()).schema(),
                "one schema per table schema, as converters cache by schema");
    }

    @Test
    void aPlaceholderIsNeverCut() {
        LobColumns columns = new LobColumns(Engine.POSTGRES, limits(true, 1, null), t -> {});
        byte[] placeholder = "__debezium_unavailable_value".getBytes(StandardCharsets.UTF_8);
        SourceRecord record = record("k", "__debezium_unavailable_value", placeholder);
        assertSame(record, columns.apply(record));
        assertArrayEquals(placeholder, (byte[]) LobColumns.shorten(placeholder, 1024));
    }

    @Test
    void aRowKafkaWouldRefuseFailsNamingTableAndKey() {
        RecordSizes sizes = new RecordSizes(Map.of("producer.override.max.request.size", "10000"));
        sizes.check(record("k", "short", null));
        String message =
                assertThrows(
                                ConnectException.class,
                                () -> sizes.check(record("k9", "b".repeat(6000), null)))
                        .getMessage();
        assertTrue(
                message.startsWith(
                        "The row of shop.docs with key Struct{code=k9} is at least 11013 bytes"),
                message);
        // Without the override the worker's producer decides: logged, not failed.
        new RecordSizes(Map.of()).check(record("k", "b".repeat(1_050_000), null));
    }

    /** Review: a column define-primary-key makes the key is never left out or cut. */
    @Test
    void aDefinedKeyColumnIsNeverLeftOut() {
        LobLimits limits =
                LobLimits.of(
                        false,
                        null,
                        List.of(),
                        table -> table.table().equals("docs") ? List.of("body") : List.of());
        SourceRecord dropped =
                new LobColumns(Engine.POSTGRES, limits, t -> {})
                        .apply(record("k1", "body", new byte[] {1}));
        assertEquals(
                List.of("code", "title", "body"),
                ((Struct) dropped.value())
                        .schema().field("after").schema().fields().stream()
                                .map(org.apache.kafka.connect.data.Field::name)
                                .toList());
    }

    /** SQL Server's (max) types are LOBs by their length; shorter ones are not. */
    @Test
    void sqlServerMaxTypesAreLobs() {
        assertTrue(Engine.SQLSERVER.isLob("nvarchar", "2147483647"));
        assertTrue(Engine.SQLSERVER.isLob("VARBINARY", "-1"));
        assertTrue(Engine.SQLSERVER.isLob("nvarchar", "1073741823"));
        assertTrue(!Engine.SQLSERVER.isLob("nvarchar", "4000"));
        assertTrue(Engine.SQLSERVER.isLob("ntext", null));
        assertTrue(!Engine.POSTGRES.isLob("varchar", "2147483647"));
    }
}
