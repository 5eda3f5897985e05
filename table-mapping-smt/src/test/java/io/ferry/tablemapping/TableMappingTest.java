package io.ferry.tablemapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableHeaders;
import io.ferry.common.TableId;
import io.ferry.testing.CapturedEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMT on real PostgreSQL and MariaDB change events (r, r, c, u, d, tombstone). */
class TableMappingTest {
    private static final String SELECT_SALES =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "sales", "table-name": "%"},
             "rule-action": "include"}""";

    /** An include rule for sales.Customer_Master with the given filters, the items of its array. */
    private static String filteredInclude(String filters) {
        return """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "sales", "table-name": "Customer_Master"},
                 "rule-action": "include", "filters": [%s]}"""
                .formatted(filters);
    }

    /** A table-mapping document of the given rules. */
    private static String rules(String... rules) {
        return "{\"rules\":[" + String.join(",", rules) + "]}";
    }

    private static List<SourceRecord> apply(String database, boolean schemas, String... rules) {
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(Map.of("table.mappings", rules(rules)));
        List<SourceRecord> out = new ArrayList<>();
        for (SourceRecord record : CapturedEvents.load(database, schemas)) {
            out.add(smt.apply(record));
        }
        smt.close();
        return out;
    }

    /**
     * A transformation rule: {@code locator} is the body of its object-locator, {@code extra} any
     * further members, each starting with a comma.
     */
    private static String transformation(
            int id, String action, String target, String locator, String extra) {
        return """
                {"rule-type": "transformation", "rule-id": "%s", "rule-name": "t%s",
                 "rule-action": "%s", "rule-target": "%s",
                 "object-locator": {%s}%s}"""
                .formatted(id, id, action, target, locator, extra);
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    private static List<String> fieldNames(Struct row) {
        return row.schema().fields().stream().map(Field::name).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void theSeedsLowercaseExampleRenamesSchemaTableAndColumns(String database) {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(
                                6, "convert-lowercase", "schema", "\"schema-name\":\"%\"", ""),
                        transformation(7, "convert-lowercase", "table", all, ""),
                        transformation(
                                8,
                                "convert-lowercase",
                                "column",
                                all + ",\"column-name\":\"%\"",
                                ""));

        SourceRecord first = out.get(0);
        assertEquals("cap.sales.customer_master", first.topic());
        assertEquals(
                List.of(
                        "cust_id",
                        "cust_name",
                        "cust_passport_no",
                        "created_at",
                        "birth_date",
                        "balance",
                        "region"),
                fieldNames(after(first)));
        assertEquals("Ada", after(first).get("cust_name"));
        assertEquals(1, ((Struct) first.key()).get("cust_id"));
        assertEquals("cap.sales.customer_master.Value", after(first).schema().name());
        assertEquals(
                Optional.of(new TableId("sales", "customer_master")),
                TableHeaders.target(first.headers()));
        Struct delete = (Struct) out.get(4).value();
        assertEquals("Grace", delete.getStruct("before").get("cust_name"));
        SourceRecord tombstone = out.get(5);
        assertNull(tombstone.value());
        assertEquals("cap.sales.customer_master", tombstone.topic());
        assertEquals(
                Optional.of(new TableId("sales", "Customer_Master")),
                TableHeaders.source(tombstone.headers()),
                "a tombstone carries its source table for sinks' rule locators");
        assertEquals(2, ((Struct) tombstone.key()).get("cust_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void excludedTablesAreDroppedWithTheirTombstones(String database) {
        String exclude =
                """
                {"rule-type": "selection", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "sales", "table-name": "Customer[_]Master"},
                 "rule-action": "exclude"}""";
        assertTrue(apply(database, true, SELECT_SALES, exclude).stream().allMatch(r -> r == null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void tablesNoRuleSelectsAreDropped(String database) {
        String other =
                """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "hr", "table-name": "%"},
                 "rule-action": "include"}""";
        assertTrue(apply(database, true, other).stream().allMatch(r -> r == null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void numericFilterJudgesDeletesOnTheBeforeImage(String database) {
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "Balance",
                         "filter-conditions": [{"filter-operator": "gte", "value": "0"}]}""");
        List<SourceRecord> out = apply(database, true, filtered);
        // Grace has a negative balance: her snapshot row and her delete are dropped.
        assertNotNull(out.get(0));
        assertNull(out.get(1));
        assertNotNull(out.get(2));
        assertNotNull(out.get(3));
        assertNull(out.get(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void dateFiltersCompareAsDmsDoes(String database) {
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "Created_At",
                         "filter-conditions": [
                           {"filter-operator": "between",
                            "start-value": "2024-02-29", "end-value": "2024-03-01"}]},
                        {"filter-type": "source", "column-name": "Birth_Date",
                         "filter-conditions": [
                           {"filter-operator": "lte", "value": "1900-01-01"},
                           {"filter-operator": "eq", "value": "1969-12-28"}]}""");
        List<SourceRecord> out = apply(database, true, filtered);
        // Ada: 2024-02-29 10:11 is after '2024-02-29', born 1815: kept. Grace: 2023: dropped.
        // Linus: 2024-03-01 00:00:01 sorts after '2024-03-01' as text, as in SQLite: dropped.
        assertNotNull(out.get(0));
        assertNull(out.get(1));
        assertNull(out.get(2));
        assertNotNull(out.get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void nullFiltersAndOrWithinAFilter(String database) {
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "Region",
                         "filter-conditions": [
                           {"filter-operator": "null"},
                           {"filter-operator": "eq", "value": "US"}]}""");
        List<SourceRecord> out = apply(database, true, filtered);
        assertNull(out.get(0));
        assertNotNull(out.get(1));
        assertNotNull(out.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void columnRulesRenameRemoveAndMaskBothImages(String database) {
        String table = "\"schema-name\":\"sales\",\"table-name\":\"Customer_Master\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(2, "rename", "table", table, ",\"value\":\"customers\""),
                        transformation(
                                3,
                                "add-prefix",
                                "column",
                                table + ",\"column-name\":\"Cust_%\"",
                                ",\"value\":\"c_\""),
                        transformation(
                                4,
                                "remove-column",
                                "column",
                                table + ",\"column-name\":\"Region\"",
                                ""),
                        transformation(
                                5,
                                "data-masking-digits-mask",
                                "column",
                                table + ",\"column-name\":\"cust_passport_no\"",
                                ",\"value\":\"#\""),
                        transformation(
                                9,
                                "convert-uppercase",
                                "column",
                                table + ",\"column-name\":\"Created%\"",
                                ""),
                        // Issue 16, item 7: a rename of every column never shadows a removal.
                        transformation(
                                10,
                                "add-suffix",
                                "column",
                                table + ",\"column-name\":\"B%\"",
                                ",\"value\":\"_x\""),
                        transformation(
                                11,
                                "remove-column",
                                "column",
                                table + ",\"column-name\":\"Birth_Date\"",
                                ""));

        SourceRecord update = out.get(3);
        assertEquals("cap.sales.customers", update.topic());
        Struct value = (Struct) update.value();
        assertEquals(
                List.of("c_Cust_Id", "c_Cust_Name", "cust_passport_no", "CREATED_AT", "Balance_x"),
                fieldNames(value.getStruct("after")));
        assertEquals("C#BGJ#####K", value.getStruct("after").get("cust_passport_no"));
        assertEquals("C#BGJ#####K", value.getStruct("before").get("cust_passport_no"));
        assertEquals("Ada L.", value.getStruct("after").get("c_Cust_Name"));
        assertEquals(1, ((Struct) update.key()).get("c_Cust_Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void includeColumnKeepsOnlyTheNamedColumns(String database) {
        String table = "\"schema-name\":\"sales\",\"table-name\":\"Customer_Master\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                "include-column",
                                "column",
                                table + ",\"column-name\":\"Cust_Id\"",
                                ""),
                        transformation(
                                3,
                                "include-column",
                                "column",
                                table + ",\"column-name\":\"Balance\"",
                                ""));
        assertEquals(List.of("Cust_Id", "Balance"), fieldNames(after(out.get(0))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void schemalessEventsAreMappedToo(String database) {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> out =
                apply(
                        database,
                        false,
                        SELECT_SALES,
                        transformation(
                                8,
                                "convert-lowercase",
                                "column",
                                all + ",\"column-name\":\"%\"",
                                ""),
                        transformation(9, "rename", "table", all, ",\"value\":\"cm\""));
        Map<?, ?> after = (Map<?, ?>) ((Map<?, ?>) out.get(2).value()).get("after");
        assertEquals("Linus", after.get("cust_name"));
        assertEquals("cap.sales.cm", out.get(2).topic());
        assertEquals(3, ((Number) ((Map<?, ?>) out.get(2).key()).get("cust_id")).intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void theInputRecordIsNotChanged(String database) {
        SourceRecord input = CapturedEvents.load(database, true).get(3);
        String before = input.value().toString();
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(
                Map.of(
                        "table.mappings",
                        rules(
                                SELECT_SALES,
                                transformation(
                                        2,
                                        "convert-uppercase",
                                        "column",
                                        "\"schema-name\":\"%\",\"table-name\":\"%\",\"column-name\":\"%\"",
                                        ""))));
        smt.apply(input);
        assertEquals(before, input.value().toString());
        assertEquals(0, input.headers().size());
        assertEquals(CapturedEvents.TOPIC, input.topic());
    }

    @Test
    void recordsOfNoTablePassThrough() {
        // Debezium's MySQL/MariaDB schema-change events go to the bare prefix topic.
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(Map.of("table.mappings", rules(SELECT_SALES)));
        SourceRecord ddl =
                new SourceRecord(
                        Map.of(),
                        Map.of(),
                        "cap",
                        0,
                        null,
                        Map.of("ddl", "CREATE TABLE t (id INT)"));
        assertSame(ddl, smt.apply(ddl));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void addColumnFillsNewColumnsFromExpressions(String database) {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        // The seed's rule: the source position as a string column.
                        transformation(
                                2,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"transact_id\",\"expression\":\"$AR_H_STREAM_POSITION\","
                                        + "\"data-type\":{\"type\":\"string\",\"length\":50}"),
                        transformation(
                                3,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"label\",\"expression\":\"upper($Cust_Name)||'_'||coalesce($Region,'NONE')\","
                                        + "\"data-type\":{\"type\":\"string\",\"length\":60}"),
                        transformation(
                                4,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"double_balance\",\"expression\":\"$Balance * 2\","
                                        + "\"data-type\":{\"type\":\"numeric\",\"precision\":14,\"scale\":2}"),
                        transformation(
                                5,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"op\",\"expression\":\"$AR_H_OPERATION\",\"data-type\":{\"type\":\"string\"}"),
                        transformation(
                                6,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"created_day\",\"expression\":\"substr($Created_At, 1, 10)\",\"data-type\":{\"type\":\"date\"}"));

        Struct ada = after(out.get(0));
        assertEquals("ADA_EU", ada.get("label"));
        assertEquals(new BigDecimal("2469.00"), ada.get("double_balance"));
        assertEquals("INSERT", ada.get("op"));
        assertEquals(Date.from(Instant.parse("2024-02-29T00:00:00Z")), ada.get("created_day"));
        String position = (String) ada.get("transact_id");
        String expected =
                database.equals("postgres")
                        ? "[0-9A-F]{8}/[0-9A-F]{8}:[0-9A-F]{8}/[0-9A-F]{8}"
                        : "binlog\\.[0-9]+:[0-9]{20}:[0-9]{20}";
        assertTrue(position.matches(expected), position);
        assertEquals("GRACE_NONE", after(out.get(1)).get("label"));
        Struct update = (Struct) out.get(3).value();
        assertEquals("UPDATE", update.getStruct("after").get("op"));
        assertEquals("ADA L._EU", update.getStruct("after").get("label"));
        assertEquals("DELETE", ((Struct) out.get(4).value()).getStruct("before").get("op"));
        assertEquals(List.of("Cust_Id"), fieldNames((Struct) out.get(0).key()));
    }

    @Test
    void anExpressionNamingAMissingColumnFailsTheRecord() {
        TableMapping<SourceRecord> smt = new TableMapping<>();
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        smt.configure(
                Map.of(
                        "table.mappings",
                        rules(
                                SELECT_SALES,
                                transformation(
                                        2,
                                        "add-column",
                                        "column",
                                        all,
                                        ",\"value\":\"x\",\"expression\":\"$NOPE\",\"data-type\":{\"type\":\"string\"}"))));
        SourceRecord first = CapturedEvents.load("postgres", true).get(0);
        DataException e = assertThrows(DataException.class, () -> smt.apply(first));
        assertEquals(
                "rule-id 2: An expression refers to $NOPE, which sales.Customer_Master does not have",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void changeDataTypeConvertsAsDmsDoes(String database) {
        String table = "\"schema-name\":\"sales\",\"table-name\":\"Customer_Master\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                "change-data-type",
                                "column",
                                table + ",\"column-name\":\"Cust_Id\"",
                                ",\"data-type\":{\"type\":\"string\",\"length\":10}"),
                        transformation(
                                3,
                                "change-data-type",
                                "column",
                                table + ",\"column-name\":\"Created_At\"",
                                ",\"data-type\":{\"type\":\"date\"}"),
                        transformation(
                                4,
                                "change-data-type",
                                "column",
                                table + ",\"column-name\":\"Birth_Date\"",
                                ",\"data-type\":{\"type\":\"string\"}"));
        Struct ada = after(out.get(0));
        assertEquals("1", ada.get("Cust_Id"));
        assertEquals(Date.from(Instant.parse("2024-02-29T00:00:00Z")), ada.get("Created_At"));
        assertEquals("1815-12-10", ada.get("Birth_Date"));
        assertEquals(
                org.apache.kafka.connect.data.Schema.Type.STRING,
                ada.schema().field("Cust_Id").schema().type());
        assertEquals(
                "1", ((Struct) out.get(0).key()).get("Cust_Id"), "the key's column changes alike");
    }

    /** Issue 16, item 1: a truncate passes source filters and key definitions, keyless. */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aTruncatePassesFiltersAndKeyDefinitions(String database) {
        SourceRecord update = CapturedEvents.load(database, true).get(3);
        Struct captured = (Struct) update.value();
        Struct value =
                new Struct(captured.schema())
                        .put("source", captured.get("source"))
                        .put("op", "t")
                        .put("ts_ms", captured.get("ts_ms"));
        SourceRecord truncate =
                update.newRecord(
                        update.topic(),
                        update.kafkaPartition(),
                        null,
                        null,
                        update.valueSchema(),
                        value,
                        update.timestamp());
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "Balance",
                         "filter-conditions": [{"filter-operator": "gte", "value": "0"}]}""");
        String defined =
                """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "2",
                 "rule-action": "define-primary-key", "rule-target": "table",
                 "object-locator": {"schema-name": "sales", "table-name": "Customer_Master"},
                 "primary-key-def": {"name": "by_name", "columns": ["Cust_Name"]}}""";
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(Map.of("table.mappings", rules(filtered, defined)));
        SourceRecord out = smt.apply(truncate);
        smt.close();
        assertNotNull(out, "the truncate was dropped");
        assertEquals("t", ((Struct) out.value()).get("op"));
        assertNull(out.key());
    }

    /**
     * Issue 16, item 4: a table announcement (op p, no row, the key's schema with a null key) is
     * mapped like the table's rows: its row schema renamed, its key schema the defined key's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void anAnnouncementCarriesTheMappedSchemasAndKey(String database) {
        SourceRecord update = CapturedEvents.load(database, true).get(3);
        SourceRecord announcement = CapturedEvents.announcement(update);
        String lower =
                transformation(
                        3,
                        "convert-lowercase",
                        "column",
                        "\"schema-name\":\"%\",\"table-name\":\"%\",\"column-name\":\"%\"",
                        "");
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "Balance",
                         "filter-conditions": [{"filter-operator": "gte", "value": "0"}]}""");
        String defined =
                """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "2",
                 "rule-action": "define-primary-key", "rule-target": "table",
                 "object-locator": {"schema-name": "sales", "table-name": "Customer_Master"},
                 "primary-key-def": {"name": "by_name", "columns": ["Cust_Name"]}}""";
        for (boolean define : new boolean[] {false, true}) {
            TableMapping<SourceRecord> smt = new TableMapping<>();
            smt.configure(
                    Map.of(
                            "table.mappings",
                            define ? rules(filtered, lower, defined) : rules(filtered, lower)));
            SourceRecord out = smt.apply(announcement);
            smt.close();
            assertNotNull(out, "the announcement was dropped");
            assertEquals("p", ((Struct) out.value()).get("op"));
            assertNull(out.key());
            assertTrue(out.keySchema().isOptional());
            Schema row = out.valueSchema().field("after").schema();
            assertNotNull(row.field("cust_name"), row.fields().toString());
            List<String> keyColumns = out.keySchema().fields().stream().map(f -> f.name()).toList();
            assertEquals(
                    define
                            ? List.of("cust_name")
                            : update.keySchema().fields().stream()
                                    .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
                                    .toList(),
                    keyColumns);
        }
    }

    /**
     * Review of issue 16, item 4: an announcement (null key) maps pk-only before-image columns from
     * its key schema, so the rows after it, which share its schemas, keep their BI_ columns.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void anAnnouncementKeepsPkOnlyBeforeImageColumnsOfTheRowsAfterIt(String database) {
        SourceRecord update = CapturedEvents.load(database, true).get(3);
        SourceRecord announcement = CapturedEvents.announcement(update);
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(
                Map.of(
                        "table.mappings",
                        rules(
                                SELECT_SALES,
                                transformation(
                                        2,
                                        "add-before-image-columns",
                                        "column",
                                        "\"schema-name\":\"%\",\"table-name\":\"%\"",
                                        ",\"before-image-def\":{\"column-filter\":\"pk-only\"}"))));
        SourceRecord announced = smt.apply(announcement);
        SourceRecord row = smt.apply(update);
        smt.close();
        String before = "BI_" + update.keySchema().fields().get(0).name();
        assertNotNull(
                announced.valueSchema().field("after").schema().field(before),
                announced.valueSchema().toString());
        assertNotNull(((Struct) row.value()).getStruct("after").schema().field(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void definePrimaryKeyRekeysEveryEvent(String database) {
        String rule =
                """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "2",
                 "rule-action": "define-primary-key", "rule-target": "table",
                 "object-locator": {"schema-name": "sales", "table-name": "Customer_Master"},
                 "primary-key-def": {"name": "by_name", "origin": "unique-index",
                                     "columns": ["Cust_Name", "Region"]}}""";
        String lower =
                transformation(
                        3,
                        "convert-lowercase",
                        "column",
                        "\"schema-name\":\"%\",\"table-name\":\"%\",\"column-name\":\"%\"",
                        "");
        List<SourceRecord> out = apply(database, true, SELECT_SALES, rule, lower);
        Struct first = (Struct) out.get(0).key();
        assertEquals(List.of("cust_name", "region"), fieldNames(first));
        assertEquals("Ada", first.get("cust_name"));
        assertEquals("Ada L.", ((Struct) out.get(3).key()).get("cust_name"));
        assertEquals(
                "Grace",
                ((Struct) out.get(4).key()).get("cust_name"),
                "a delete is keyed by its before image");
        assertNull(out.get(5), "the tombstone's old key has no cust_name: it cannot be re-keyed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void beforeImageColumnsCarryTheOldValues(String database) {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> pkOnly =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(2, "add-before-image-columns", "column", all, ""));
        Struct update = (Struct) pkOnly.get(3).value();
        assertEquals(1, update.getStruct("after").get("BI_Cust_Id"));
        assertEquals("BI_Cust_Id", fieldNames(update.getStruct("after")).get(7));
        assertNull(after(pkOnly.get(2)).get("BI_Cust_Id"), "an insert has no before image");

        List<SourceRecord> named =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                "add-before-image-columns",
                                "column",
                                all,
                                ",\"before-image-def\":{\"column-prefix\":\"old_\",\"column-suffix\":\"_v\",\"column-filter\":\"all\"}"));
        Struct after = ((Struct) named.get(3).value()).getStruct("after");
        assertEquals("Ada", after.get("old_Cust_Name_v"));
        assertEquals("Ada L.", after.get("Cust_Name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void operationIndicatorKeepsDeletedRowsFlagged(String database) {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                "add-column",
                                "column",
                                all,
                                ",\"value\":\"flag\",\"expression\":\"operation_indicator('D', 'U', 'I')\","
                                        + "\"data-type\":{\"type\":\"string\",\"length\":1}"));
        assertEquals("I", after(out.get(0)).get("flag"));
        assertEquals("U", after(out.get(3)).get("flag"));
        Struct delete = (Struct) out.get(4).value();
        assertEquals("u", delete.get("op"), "the delete is applied as an update");
        assertEquals("Grace", delete.getStruct("after").get("Cust_Name"));
        assertEquals("D", delete.getStruct("after").get("flag"));
        assertNull(out.get(5), "no tombstone: the row stays in the target");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "rename|\"value\":\"clients\"|clients",
                "convert-lowercase||customer_master",
                "convert-uppercase||CUSTOMER_MASTER",
                "add-prefix|\"value\":\"dms_\"|dms_Customer_Master",
                "remove-prefix|\"value\":\"Customer_\"|Master",
                "replace-prefix|\"value\":\"Client_\",\"old-value\":\"Customer_\"|Client_Master",
                "add-suffix|\"value\":\"_v2\"|Customer_Master_v2",
                "remove-suffix|\"value\":\"_Master\"|Customer",
                "replace-suffix|\"value\":\"_Main\",\"old-value\":\"_Master\"|Customer_Main",
                "remove-prefix|\"value\":\"Nope_\"|Customer_Master"
            })
    void everyNameActionOnTheTableName(String action, String operands, String expected) {
        String extra = operands == null ? "" : "," + operands;
        List<SourceRecord> out =
                apply(
                        "postgres",
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                action,
                                "table",
                                "\"schema-name\":\"sales\",\"table-name\":\"Customer%\"",
                                extra));
        assertEquals("cap.sales." + expected, out.get(0).topic());
        assertEquals(
                Optional.of(new TableId("sales", expected)),
                TableHeaders.target(out.get(0).headers()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "add-suffix|\"value\":\"_x\"|Region_x",
                "remove-prefix|\"value\":\"Reg\"|ion",
                "replace-suffix|\"value\":\"ON\",\"old-value\":\"ion\"|RegON",
                "rename|\"value\":\"area\"|area"
            })
    void nameActionsOnAColumn(String action, String operands, String expected) {
        List<SourceRecord> out =
                apply(
                        "mariadb",
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                action,
                                "column",
                                "\"schema-name\":\"sales\",\"table-name\":\"%\",\"column-name\":\"Region\"",
                                "," + operands));
        assertEquals("EU", after(out.get(0)).get(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"filter-operator\":\"notbetween\",\"start-value\":\"0\",\"end-value\":\"100\"}|true,true,false",
                "{\"filter-operator\":\"notnull\"}|true,false,true",
                "{\"filter-operator\":\"ste\",\"value\":\"0.01\"}|false,true,true",
                "{\"filter-operator\":\"noteq\",\"value\":\"1234.5\"}|false,true,true",
                "{\"filter-operator\":\"eq\",\"value\":\"1234.50\"}|true,false,false"
            })
    void moreOperators(String condition, String expected) {
        String column = condition.contains("notnull") ? "Region" : "Balance";
        String filtered =
                filteredInclude(
                        """
                        {"filter-type": "source", "column-name": "%s",
                         "filter-conditions": [%s]}"""
                                .formatted(column, condition));
        for (String database : List.of("postgres", "mariadb")) {
            List<SourceRecord> out = apply(database, true, filtered);
            // Ada 1234.50 EU, Grace -5.25 NULL, Linus 0.01 US
            List<Boolean> kept = out.subList(0, 3).stream().map(r -> r != null).toList();
            assertEquals(
                    java.util.Arrays.stream(expected.split(","))
                            .map(Boolean::parseBoolean)
                            .toList(),
                    kept,
                    database);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-masking-digits-randomize", "data-masking-hash-mask"})
    void otherMasks(String action) {
        List<SourceRecord> out =
                apply(
                        "postgres",
                        true,
                        SELECT_SALES,
                        transformation(
                                2,
                                action,
                                "column",
                                "\"schema-name\":\"%\",\"table-name\":\"%\",\"column-name\":\"cust_passport_no\"",
                                ""));
        String masked = (String) after(out.get(0)).get("cust_passport_no");
        if (action.endsWith("hash-mask")) {
            assertTrue(masked.matches("[0-9A-F]{64}"), masked);
        } else {
            assertTrue(masked.matches("C[0-9]BGJ[0-9]{5}K"), masked);
        }
    }

    @org.junit.jupiter.api.Test
    void beforeImageColumnsWithoutSchemas() {
        String all = "\"schema-name\":\"%\",\"table-name\":\"%\"";
        List<SourceRecord> out =
                apply(
                        "mariadb",
                        false,
                        SELECT_SALES,
                        transformation(
                                2,
                                "add-before-image-columns",
                                "column",
                                all,
                                ",\"before-image-def\":{\"column-filter\":\"all\"}"));
        Map<?, ?> update = (Map<?, ?>) ((Map<?, ?>) out.get(3).value()).get("after");
        assertEquals("Ada", update.get("BI_Cust_Name"));
        Map<?, ?> insert = (Map<?, ?>) ((Map<?, ?>) out.get(2).value()).get("after");
        assertTrue(insert.containsKey("BI_Cust_Name"));
        assertNull(insert.get("BI_Cust_Name"));
    }
}
