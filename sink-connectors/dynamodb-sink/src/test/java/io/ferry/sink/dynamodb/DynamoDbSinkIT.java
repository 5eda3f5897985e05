package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableHeaders;
import io.ferry.common.TableId;
import io.ferry.common.TargetTableFilter;
import io.ferry.testing.RecordingSinkContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/** The DynamoDB sink against DynamoDB Local, driven as a worker drives it. */
class DynamoDbSinkIT {
    private final DynamoFixture fixture = new DynamoFixture();
    private final DynamoDbClient client = fixture.client;
    private final List<RecordingSinkContext> contexts = fixture.contexts;
    private final String table = fixture.table;

    private Struct row(int store, long order, String first, String last, String amount) {
        return fixture.row(store, order, first, last, amount);
    }

    private SinkRecord event(
            long offset, String op, Struct before, Struct after, List<String> keyColumns) {
        return fixture.event(offset, op, before, after, keyColumns);
    }

    private DynamoDbSinkTask start(Map<String, String> extra) {
        return fixture.start(extra);
    }

    private Map<String, Map<String, AttributeValue>> items(String name, String key) {
        return fixture.items(name, key);
    }

    private static String text(AttributeValue value) {
        return DynamoFixture.text(value);
    }

    @Test
    void aTwoColumnKeyBecomesPartitionAndSortKeyAndChangesApplyInOrder() {
        List<String> key = List.of("StoreId", "OrderNo");
        DynamoDbSinkTask task = start(Map.of());
        task.put(
                List.of(
                        event(0, "r", null, row(1, 10, "Ada", "Lovelace", "12.50"), key),
                        event(
                                1,
                                "c",
                                null,
                                row(1, 11, "Alan", null, "123456789012345678901234567890.12"),
                                key),
                        event(
                                2,
                                "u",
                                row(1, 10, "Ada", "Lovelace", "12.50"),
                                row(1, 10, "Ada", "L.", "13.00"),
                                key),
                        event(3, "d", row(1, 11, "Alan", null, null), null, key),
                        event(4, "c", null, row(2, 20, "Grace", "Hopper", null), key),
                        event(
                                5,
                                "u",
                                row(2, 20, "Grace", "Hopper", null),
                                row(2, 21, "Grace", "Hopper", null),
                                key)));
        task.stop();

        List<KeySchemaElement> schema =
                client.describeTable(b -> b.tableName(table)).table().keySchema();
        assertEquals(
                List.of("StoreId", "OrderNo"),
                schema.stream().map(KeySchemaElement::attributeName).toList());
        Map<String, Map<String, AttributeValue>> items = items(table, "OrderNo");
        assertEquals(Set.of("10", "21"), items.keySet(), "11 deleted, 20 moved to 21");
        Map<String, AttributeValue> ada = items.get("10");
        assertEquals("L.", ada.get("LastName").s());
        assertEquals("13", ada.get("Amount").n());
        assertTrue(ada.get("Paid").bool());
        assertEquals("2024-02-29", ada.get("Day").s());
        assertNull(items.get("21").get("Amount"), "NULLs are left out, as DMS does");
    }

    @Test
    void numbersBeyondThirtyEightDigitsAreStrings() {
        AttributeValue wide =
                AttributeValues.of(
                        Decimal.schema(2),
                        new BigDecimal("123456789012345678901234567890123456789.12"));
        assertEquals("123456789012345678901234567890123456789.12", wide.s());
        assertEquals("1.5", AttributeValues.of(Decimal.schema(2), new BigDecimal("1.50")).n());
    }

    @Test
    void dmsObjectMappingKeysExcludesAndTemplates() {
        String mapping =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'test','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'object-mapping','rule-id':'2','rule-name':'TransformToDDB','rule-action':'map-record-to-record',"
                                + "'object-locator':{'schema-name':'test','table-name':'"
                                + table
                                + "'},'target-table-name':'"
                                + table
                                + "_t',"
                                + "'mapping-parameters':{'partition-key-name':'CustomerName','sort-key-name':'StoreId','exclude-columns':['FirstName','LastName'],"
                                + "'attribute-mappings':[{'target-attribute-name':'CustomerName','attribute-type':'scalar','attribute-sub-type':'string','value':'${FirstName},${LastName}'},"
                                + "{'target-attribute-name':'Contact','attribute-type':'document','attribute-sub-type':'dynamodb-map',"
                                + "'value':{'M':{'Name':{'S':'${FirstName}'},'Order':{'N':'${OrderNo}'}}}}]}}]}")
                        .replace('\'', '"');
        DynamoDbSinkTask task = start(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, mapping));
        List<String> key = List.of("OrderNo");
        SinkRecord gone = event(2, "d", row(8, 80, "Alan", "Turing", null), null, key);
        task.put(
                List.of(
                        event(0, "r", null, row(7, 70, "Ada", "Lovelace", "1.00"), key),
                        event(1, "r", null, row(8, 80, "Alan", "Turing", null), key),
                        gone,
                        // its key cannot build the templated partition key: the delete did
                        gone.newRecord(
                                "srv.test." + table,
                                0,
                                gone.keySchema(),
                                gone.key(),
                                null,
                                null,
                                0L)));
        task.stop();
        Map<String, Map<String, AttributeValue>> items = items(table + "_t", "CustomerName");
        assertEquals(Set.of("Ada,Lovelace"), items.keySet());
        Map<String, AttributeValue> item = items.get("Ada,Lovelace");
        assertEquals(7, Integer.parseInt(item.get("StoreId").n()));
        assertNull(item.get("FirstName"));
        assertEquals("Ada", item.get("Contact").m().get("Name").s());
        assertEquals("70", item.get("Contact").m().get("Order").n());
    }

    /**
     * Tombstones have no source block: they find their object-mapping rule through the SMT's source
     * header, else through a {@code prefix.schema.table} topic — never a table of their own.
     */
    @Test
    void tombstonesDeleteFromTheMappedTable() {
        String mapping =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'test','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'object-mapping','rule-id':'2','rule-name':'2','rule-action':'map-record-to-record',"
                                + "'object-locator':{'schema-name':'test','table-name':'"
                                + table
                                + "'},'target-table-name':'"
                                + table
                                + "_t','mapping-parameters':{'partition-key-name':'OrderNo'}}]}")
                        .replace('\'', '"');
        DynamoDbSinkTask task = start(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, mapping));
        List<String> key = List.of("OrderNo");
        SinkRecord deleted = event(2, "d", row(1, 70, "Ada", null, null), null, key);
        SinkRecord kept = event(1, "r", null, row(1, 71, "Alan", null, null), key);
        ConnectHeaders mapped = new ConnectHeaders();
        TableHeaders.write(mapped, new TableId("test", table), new TableId("dw", "renamed"));
        task.put(
                List.of(
                        event(0, "r", null, row(1, 70, "Ada", null, null), key),
                        kept,
                        deleted,
                        deleted.newRecord(
                                "srv.test." + table,
                                0,
                                deleted.keySchema(),
                                deleted.key(),
                                null,
                                null,
                                0L),
                        kept.newRecord(
                                "srv.dw.renamed",
                                0,
                                kept.keySchema(),
                                kept.key(),
                                null,
                                null,
                                0L,
                                mapped)));
        task.stop();
        assertEquals(Map.of(), items(table + "_t", "OrderNo"));
        List<String> tables = client.listTables().tableNames();
        assertTrue(!tables.contains(table) && !tables.contains("renamed"), "tables: " + tables);
    }

    /** Options beyond DMS: NULLs as NULL attributes, JSON columns as maps and lists. */
    @Test
    void nullsAndJsonColumnsCanBeWrittenAsDynamoDbTypes() {
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").optional().build();
        Schema schema =
                SchemaBuilder.struct()
                        .field("id", Schema.INT32_SCHEMA)
                        .field("doc", json)
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Struct row =
                new Struct(schema)
                        .put("id", 1)
                        .put(
                                "doc",
                                "{\"a\": [1, 2.50, \"x\", true, null], \"b\": {\"c\": 12345678901234567890}}");
        SinkRecord record =
                new SinkRecord(
                        "srv.test." + table,
                        0,
                        keySchema,
                        new Struct(keySchema).put("id", 1),
                        schema,
                        row,
                        0);
        DynamoDbSinkTask task =
                start(
                        Map.of(
                                DynamoDbSinkConfig.WRITE_NULLS, "true",
                                DynamoDbSinkConfig.JSON_AS, "map"));
        task.put(List.of(record));
        task.stop();
        Map<String, AttributeValue> item = items(table, "id").get("1");
        assertTrue(item.get("note").nul(), "a NULL attribute: " + item);
        List<AttributeValue> a = item.get("doc").m().get("a").l();
        assertEquals(List.of("1", "2.5"), List.of(a.get(0).n(), a.get(1).n()));
        assertEquals("x", a.get(2).s());
        assertTrue(a.get(3).bool());
        assertTrue(a.get(4).nul());
        assertEquals("12345678901234567890", item.get("doc").m().get("b").m().get("c").n());

        DynamoDbSinkTask dms = start(Map.of());
        dms.put(
                List.of(
                        record.newRecord(
                                record.topic(),
                                0,
                                keySchema,
                                new Struct(keySchema).put("id", 2),
                                schema,
                                new Struct(schema).put("id", 2).put("doc", "{}"),
                                0L)));
        dms.stop();
        Map<String, AttributeValue> plain = items(table, "id").get("2");
        assertEquals("{}", plain.get("doc").s());
        assertNull(plain.get("note"));
    }

    /**
     * DMS's {@code condition-expression}: the write happens only if the item meets it; values come
     * from the row. With {@code apply-during-cdc} it guards changes too; failed writes are counted.
     */
    @Test
    void conditionExpressionsGateWrites() {
        String mapping =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'test','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'object-mapping','rule-id':'2','rule-name':'2','rule-action':'map-record-to-record',"
                                + "'object-locator':{'schema-name':'test','table-name':'%'},"
                                + "'mapping-parameters':{'partition-key-name':'OrderNo','condition-expression':{"
                                + "'expression':'attribute_not_exists(#s) OR #s < :s',"
                                + "'expression-attribute-names':[{'name':'#s','value':'StoreId'}],"
                                + "'expression-attribute-values':[{'name':':s','value':{'N':'${StoreId}'}}],"
                                + "'apply-during-cdc':true}}}]}")
                        .replace('\'', '"');
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask task = start(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, mapping));
        task.put(
                List.of(
                        event(0, "r", null, row(5, 50, "Ada", null, null), key),
                        event(
                                1,
                                "u",
                                row(5, 50, "Ada", null, null),
                                row(3, 50, "Old", null, null),
                                key),
                        event(
                                2,
                                "u",
                                row(3, 50, "Old", null, null),
                                row(9, 50, "New", null, null),
                                key)));
        long skipped = task.skippedWrites();
        task.stop();
        Map<String, AttributeValue> item = items(table, "OrderNo").get("50");
        assertEquals("9", item.get("StoreId").n());
        assertEquals("New", item.get("FirstName").s());
        assertEquals(1, skipped, "the change to a lower StoreId failed its condition");

        // By DMS's defaults the condition holds during full load only.
        String fullLoadOnly = mapping.replace(",\"apply-during-cdc\":true", "");
        DynamoDbSinkTask second = start(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, fullLoadOnly));
        second.put(
                List.of(
                        event(3, "r", null, row(1, 50, "Reload", null, null), key),
                        event(
                                4,
                                "u",
                                row(9, 50, "New", null, null),
                                row(2, 50, "Cdc", null, null),
                                key)));
        second.stop();
        Map<String, AttributeValue> after = items(table, "OrderNo").get("50");
        assertEquals(
                "Cdc", after.get("FirstName").s(), "the reload was refused, the CDC change not");
    }

    @Test
    void documentModePutsColumnsInADocMap() {
        String mapping =
                ("{'rules':[{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'test','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'object-mapping','rule-id':'2','rule-name':'2','rule-action':'map-record-to-document',"
                                + "'object-locator':{'schema-name':'test','table-name':'%'},"
                                + "'mapping-parameters':{'partition-key-name':'OrderNo','exclude-columns':['Paid']}}]}")
                        .replace('\'', '"');
        DynamoDbSinkTask task = start(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, mapping));
        task.put(List.of(event(0, "r", null, row(3, 30, "Ada", null, "2.50"), List.of("OrderNo"))));
        task.stop();
        Map<String, AttributeValue> item = items(table, "OrderNo").get("30");
        assertEquals(Set.of("OrderNo", ItemMapper.DOC), item.keySet());
        Map<String, AttributeValue> doc = item.get(ItemMapper.DOC).m();
        assertEquals("Ada", doc.get("FirstName").s());
        assertEquals("2.5", doc.get("Amount").n());
        assertNull(doc.get("Paid"));
    }

    @Test
    void truncateBeforeLoadEmptiesTheTableOnce() {
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask first = start(Map.of());
        first.put(
                List.of(
                        event(0, "r", null, row(1, 1, "old", null, null), key),
                        event(1, "r", null, row(1, 2, "old", null, null), key)));
        first.stop();
        Map<String, String> truncate =
                Map.of(
                        DynamoDbSinkConfig.PREP_MODE,
                        "TRUNCATE_BEFORE_LOAD",
                        "name",
                        "dynamo-truncate-" + table);
        DynamoDbSinkTask second = start(truncate);
        second.put(List.of(event(2, "r", null, row(1, 3, "new", null, null), key)));
        second.stop();
        assertEquals(Set.of("3"), items(table, "OrderNo").keySet());
        DynamoDbSinkTask restarted = start(truncate);
        restarted.put(List.of(event(3, "r", null, row(1, 4, "newer", null, null), key)));
        restarted.stop();
        assertEquals(Set.of("3", "4"), items(table, "OrderNo").keySet());
    }

    /** Issue 16, item 1: with writer threads too, a truncate lands between its neighbours. */
    @Test
    void aTruncateEmptiesTheTableBetweenTheChangesAroundIt() {
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask task =
                start(
                        Map.of(
                                DynamoDbSinkConfig.PARALLEL_THREADS,
                                "1",
                                DynamoDbSinkConfig.PARALLEL_BUFFER,
                                "1000"));
        // One writer, a long queue: the writes are still queued when the truncate comes.
        List<SinkRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(event(i, "c", null, row(1, i, "v" + i, null, null), key));
        }
        records.add(fixture.truncate(1000));
        for (int i = 1001; i < 1005; i++) {
            records.add(event(i, "c", null, row(1, i, "v" + i, null, null), key));
        }
        task.put(records);
        task.flush(Map.of());
        assertEquals(Set.of("1001", "1002", "1003", "1004"), items(table, "OrderNo").keySet());
        task.put(List.of(fixture.truncate(1005)));
        task.put(List.of(event(1006, "c", null, row(1, 1006, "v1006", null, null), key)));
        task.flush(Map.of());
        task.stop();
        assertEquals(Set.of("1006"), items(table, "OrderNo").keySet());
    }

    /**
     * Issue 16, item 4: a table announcement (op p, no row) creates the table with its key, typed
     * from the key column's schema — here a variable-scale decimal, beside a required array column
     * no sample value existed for (review) — and writes no item.
     */
    @Test
    void anAnnouncementCreatesTheTableWithItsKeyAndNoItem() {
        Schema decimal =
                SchemaBuilder.struct()
                        .name("io.debezium.data.VariableScaleDecimal")
                        .field("scale", Schema.INT32_SCHEMA)
                        .field("value", Schema.BYTES_SCHEMA)
                        .build();
        Schema row =
                SchemaBuilder.struct()
                        .optional()
                        .field("Id", decimal)
                        .field("Tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                        .field("Note", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Schema source =
                SchemaBuilder.struct()
                        .field("schema", Schema.STRING_SCHEMA)
                        .field("table", Schema.STRING_SCHEMA)
                        .build();
        Schema envelope =
                SchemaBuilder.struct()
                        .field("before", row)
                        .field("after", row)
                        .field("source", source)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Schema key = SchemaBuilder.struct().optional().field("Id", decimal).build();
        Struct value =
                new Struct(envelope)
                        .put("source", new Struct(source).put("schema", "test").put("table", table))
                        .put("op", "p");
        DynamoDbSinkTask task = start(Map.of());
        task.put(List.of(new SinkRecord("t", 0, key, null, envelope, value, 0)));
        task.stop();
        var description = client.describeTable(b -> b.tableName(table)).table();
        assertEquals(
                List.of("Id"),
                description.keySchema().stream().map(KeySchemaElement::attributeName).toList());
        assertEquals("N", description.attributeDefinitions().get(0).attributeTypeAsString());
        assertEquals(Map.of(), items(table, "Id"));
    }

    /**
     * Issue 17: a load that starts over (its source task stopped mid-load) announces its table
     * again. What the unfinished load wrote goes, in order — the item it wrote that the source
     * deleted before the new load read the table must not stay; with DO_NOTHING the items stay.
     */
    @Test
    void anAnnouncementOfAPreparedTableStartsItsLoadOver() {
        for (String mode : List.of("TRUNCATE_BEFORE_LOAD", "DO_NOTHING")) {
            try {
                client.deleteTable(b -> b.tableName(table));
                client.waiter().waitUntilTableNotExists(b -> b.tableName(table));
            } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
                // the first round: not there yet
            }
            Map<String, String> props =
                    Map.of(
                            DynamoDbSinkConfig.PREP_MODE,
                            mode,
                            "name",
                            "reload-" + mode + "-" + System.nanoTime());
            List<String> key = List.of("OrderNo");
            DynamoDbSinkTask first = start(props);
            first.put(
                    List.of(
                            fixture.announce(0, key),
                            event(1, "r", null, row(1, 1, "a", null, null), key),
                            event(2, "r", null, row(1, 2, "deleted since", null, null), key)));
            first.stop();
            DynamoDbSinkTask restarted = start(props);
            restarted.put(
                    List.of(
                            event(3, "r", null, row(1, 3, "c", null, null), key),
                            fixture.announce(4, key),
                            event(5, "r", null, row(1, 1, "a", null, null), key),
                            event(6, "r", null, row(1, 3, "c", null, null), key)));
            restarted.stop();
            assertEquals(
                    mode.equals("DO_NOTHING") ? Set.of("1", "2", "3") : Set.of("1", "3"),
                    items(table, "OrderNo").keySet(),
                    mode);
        }
    }

    /**
     * A first announcement delivered again after its partition's state was saved (a crash before
     * the offsets committed) is no restart: it must not empty what another topic wrote to the
     * table. Nor is a first announcement after another topic's rows.
     */
    @Test
    void aFirstAnnouncementDeliveredAgainEmptiesNothing() {
        List<String> key = List.of("OrderNo");
        Map<String, String> props =
                Map.of(
                        DynamoDbSinkConfig.PREP_MODE,
                        "TRUNCATE_BEFORE_LOAD",
                        "name",
                        "again-" + System.nanoTime());
        SinkRecord sample = event(0, "r", null, row(1, 9, "other topic", null, null), key);
        SinkRecord other =
                new SinkRecord(
                        "other",
                        0,
                        sample.keySchema(),
                        sample.key(),
                        sample.valueSchema(),
                        sample.value(),
                        0);
        List<SinkRecord> load =
                List.of(
                        fixture.announce(0, key),
                        event(1, "r", null, row(1, 1, "a", null, null), key));
        DynamoDbSinkTask first = start(props);
        first.put(List.of(other));
        first.put(load);
        first.stop(); // before Connect committed the offsets
        DynamoDbSinkTask restarted = start(props);
        restarted.put(load);
        restarted.stop();
        assertEquals(Set.of("1", "9"), items(table, "OrderNo").keySet());
    }

    /** The truncate's scan names key attributes by placeholder: "Day" is a reserved word. */
    @Test
    void aTruncateFindsItemsWhoseKeyIsAReservedWord() {
        DynamoDbSinkTask task = start(Map.of());
        task.put(
                List.of(
                        event(0, "c", null, row(1, 1, "a", null, null), List.of("Day")),
                        fixture.truncate(1)));
        task.stop();
        assertEquals(Set.of(), items(table, "Day").keySet());
    }

    /**
     * Issue 16, item 2: a put without a column's value (Debezium's placeholder) keeps the item's
     * attribute — from an earlier put in the batch, else from the table; no item: rejected.
     */
    @Test
    void anUpdateWithoutAColumnsValueKeepsTheAttribute() {
        List<String> key = List.of("OrderNo");
        String gone = io.ferry.common.UnavailableValues.PLACEHOLDER;
        DynamoDbSinkTask task =
                start(Map.of("errors.tolerance", "all", DynamoDbSinkConfig.PARALLEL_THREADS, "2"));
        task.put(
                List.of(
                        event(0, "c", null, row(1, 1, "long", "x", null), key),
                        event(1, "c", null, row(1, 2, "other", "x", null), key)));
        task.put(
                List.of(
                        event(2, "u", null, row(1, 1, gone, "y", null), key),
                        event(3, "u", null, row(1, 2, "new", "y", null), key),
                        event(4, "u", null, row(1, 2, gone, "z", null), key),
                        event(5, "u", null, row(1, 3, gone, "z", null), key)));
        task.flush(Map.of());
        task.stop();
        Map<String, Map<String, AttributeValue>> items = items(table, "OrderNo");
        assertEquals(Set.of("1", "2"), items.keySet());
        assertEquals("long", items.get("1").get("FirstName").s());
        assertEquals("y", items.get("1").get("LastName").s());
        assertEquals("new", items.get("2").get("FirstName").s());
        assertEquals("z", items.get("2").get("LastName").s());
        assertEquals(1, contexts.get(0).reported.size(), "no item 3 to keep a value of");
    }

    @Test
    void theOrderingGuardKeepsNewerItemsFromReplayedChanges() {
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask task = start(Map.of(DynamoDbSinkConfig.ORDERING_GUARD, "true"));
        task.put(
                List.of(
                        event(10, "c", null, row(1, 1, "v10", null, null), key),
                        event(
                                11,
                                "u",
                                row(1, 1, "v10", null, null),
                                row(1, 1, "v11", null, null),
                                key)));
        // A replay of an older change, and a late delete, lose to the item's later position.
        task.put(List.of(event(10, "c", null, row(1, 1, "v10", null, null), key)));
        task.put(List.of(event(9, "d", row(1, 1, "v9", null, null), null, key)));
        SinkRecord last =
                event(12, "u", row(1, 1, "v11", null, null), row(1, 1, "v12", null, null), key);
        task.put(List.of(last));
        long stale = task.skippedWrites();
        task.stop();
        Map<String, AttributeValue> item = items(table, "OrderNo").get("1");
        assertEquals("v12", item.get("FirstName").s());
        // Without a source position in the events, the Kafka offset orders them.
        assertEquals(OrderingGuard.position(last).order(), item.get(OrderingGuard.POSITION).s());
        assertEquals(2, stale);
    }

    @Test
    void parallelWritersKeepEachKeysLastChange() {
        List<String> key = List.of("OrderNo");
        // Queues of 4 changes: puts wait on full queues and chunks overtake nothing.
        DynamoDbSinkTask task =
                start(
                        Map.of(
                                DynamoDbSinkConfig.PARALLEL_THREADS,
                                "8",
                                DynamoDbSinkConfig.PARALLEL_BUFFER,
                                "4"));
        List<SinkRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            records.add(event(i, "c", null, row(1, i % 150, "v" + i, null, null), key));
        }
        for (int from = 0; from < records.size(); from += 100) {
            task.put(records.subList(from, from + 100));
        }
        task.flush(Map.of());
        task.stop();
        Map<String, Map<String, AttributeValue>> items = items(table, "OrderNo");
        assertEquals(150, items.size());
        for (int order = 0; order < 150; order++) {
            assertEquals(
                    "v" + (order + 450), items.get(Integer.toString(order)).get("FirstName").s());
        }
    }

    @Test
    void prepModeDropsOncePerMigration() {
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask first = start(Map.of(DynamoDbSinkConfig.PREP_MODE, "DO_NOTHING"));
        first.put(List.of(event(0, "r", null, row(1, 1, "old", null, null), key)));
        first.stop();
        Map<String, String> drop =
                Map.of(
                        DynamoDbSinkConfig.PREP_MODE,
                        "DROP_AND_CREATE",
                        "name",
                        "dynamo-drop-" + table);
        DynamoDbSinkTask second = start(drop);
        second.put(List.of(event(1, "r", null, row(1, 2, "new", null, null), key)));
        second.stop();
        assertEquals(Set.of("2"), items(table, "OrderNo").keySet());
        DynamoDbSinkTask restarted = start(drop);
        restarted.put(List.of(event(2, "r", null, row(1, 3, "newer", null, null), key)));
        restarted.stop();
        assertEquals(Set.of("2", "3"), items(table, "OrderNo").keySet());
    }

    /**
     * Records name their own target table (headers anyone producing to the topic can set): none
     * reaches the sink's own tables, and the include list confines the rest.
     */
    @Test
    void aRecordReachesNeitherTheSinksOwnTablesNorTablesTheIncludeListLeavesOut() {
        List<String> key = List.of("OrderNo");
        DynamoDbSinkTask task =
                start(
                        Map.of(
                                "errors.tolerance",
                                "all",
                                TargetTableFilter.INCLUDE_LIST,
                                java.util.regex.Pattern.quote(table) + "," + Tables.CONTROL));
        SinkRecord meant = event(0, "c", null, row(1, 1, "meant", null, null), key);
        SinkRecord control = event(1, "c", null, row(1, 2, "control", null, null), key);
        TableHeaders.write(
                control.headers(), new TableId("src", "t"), new TableId("", Tables.CONTROL));
        SinkRecord elsewhere = event(2, "c", null, row(1, 3, "elsewhere", null, null), key);
        TableHeaders.write(
                elsewhere.headers(), new TableId("src", "t"), new TableId("", table + "_x"));
        task.put(List.of(meant, control, elsewhere));
        task.flush(Map.of());
        task.stop();
        assertEquals(Set.of("1"), items(table, "OrderNo").keySet());
        assertEquals(List.of(control, elsewhere), contexts.get(0).reported);
        String why = contexts.get(0).reasons.get(0).getMessage();
        assertTrue(why.contains("the sink's own control tables"), why);
        why = contexts.get(0).reasons.get(1).getMessage();
        assertTrue(why.contains(TargetTableFilter.INCLUDE_LIST + " does not include"), why);
    }

    @Test
    void keysOfMoreThanTwoColumnsNeedAMapping() {
        List<String> key = List.of("StoreId", "OrderNo", "FirstName");
        DynamoDbSinkTask tolerant = start(Map.of("errors.tolerance", "all"));
        SinkRecord record = event(0, "r", null, row(1, 1, "x", null, null), key);
        tolerant.put(List.of(record));
        tolerant.stop();
        assertEquals(List.of(record), contexts.get(contexts.size() - 1).reported);
        DynamoDbSinkTask strict = start(Map.of());
        ConnectException error =
                assertThrows(ConnectException.class, () -> strict.put(List.of(record)));
        assertTrue(error.getMessage().contains("3-column key"), error.getMessage());
        strict.stop();
    }
}
