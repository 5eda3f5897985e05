package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.dms.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotFiltersTest {
    private static final Map<String, String> COLUMNS = new java.util.LinkedHashMap<>();

    static {
        COLUMNS.put("id", "integer");
        COLUMNS.put("amount", "numeric");
        COLUMNS.put("region", "text");
        COLUMNS.put("Odd\"Name", "bigint");
    }

    private static final String PG_COLUMNS = "\"id\", \"amount\", \"region\", \"Odd\"\"Name\"";

    /** A document of the given rules; the conditions below are written with ' for ". */
    private static String rules(String... rules) {
        return ("{'rules':[" + String.join(",", rules) + "]}").replace('\'', '"');
    }

    private static String include(int id, String table, String filters) {
        return """
                {"rule-type": "selection", "rule-id": "%s", "rule-name": "%s",
                 "object-locator": {"schema-name": "shop", "table-name": "%s"},
                 "rule-action": "include"%s}"""
                .formatted(id, id, table, filters == null ? "" : ",\"filters\":[" + filters + "]");
    }

    private static String filter(String column, String... conditions) {
        return """
                {"filter-type": "source", "column-name": "%s",
                 "filter-conditions": [%s]}"""
                .formatted(column, String.join(",", conditions));
    }

    private static Map<String, String> settings(Engine engine, String mappings) throws Exception {
        return SnapshotFilters.settings(engine, mappings, Map.of(), table -> COLUMNS);
    }

    @Test
    void numberAndNullConditionsGoIntoTheSelect() throws Exception {
        String mappings =
                rules(
                        include(
                                1,
                                "orders",
                                filter(
                                                "id",
                                                "{'filter-operator':'gte','value':'500'}",
                                                "{'filter-operator':'between','start-value':'1','end-value':'1e1'}")
                                        + ","
                                        + filter("amount", "{'filter-operator':'notnull'}")));
        assertEquals(
                Map.of(
                        "snapshot.select.statement.overrides",
                        "shop.orders",
                        "snapshot.select.statement.overrides.shop.orders",
                        "SELECT "
                                + PG_COLUMNS
                                + " FROM \"shop\".\"orders\" WHERE ((\"id\" >= 500 OR \"id\" BETWEEN 1"
                                + " AND 10) AND (\"amount\" IS NOT NULL))"),
                settings(Engine.POSTGRES, mappings));
        assertEquals(
                "SELECT `id`, `amount`, `region`, `Odd\"Name` FROM `shop`.`orders` WHERE ((`id` >= 500 OR `id` BETWEEN 1 AND 10) AND"
                        + " (`amount` IS NOT NULL))",
                settings(Engine.MARIADB, mappings)
                        .get("snapshot.select.statement.overrides.shop.orders"));
    }

    /**
     * Only where the database keeps every row the SMT keeps: text and dates compare by collation
     * and type there, so such a filter is left out (more rows read, the SMT drops them); a rule
     * left with no filter reads the whole table, as does one more rule without filters.
     */
    @Test
    void whatTheDatabaseMightCompareOtherwiseIsLeftToTheSmt() throws Exception {
        String text = filter("region", "{'filter-operator':'eq','value':'EU'}");
        String textNumber = filter("region", "{'filter-operator':'lte','value':'9'}");
        String id = filter("id", "{'filter-operator':'noteq','value':'7'}");
        String missing = filter("nope", "{'filter-operator':'eq','value':'1'}");
        assertEquals(
                "SELECT " + PG_COLUMNS + " FROM \"shop\".\"orders\" WHERE ((\"id\" <> 7))",
                settings(
                                Engine.POSTGRES,
                                rules(include(1, "orders", text + "," + id + "," + missing)))
                        .get("snapshot.select.statement.overrides.shop.orders"));
        assertEquals(Map.of(), settings(Engine.POSTGRES, rules(include(1, "orders", textNumber))));
        assertEquals(
                Map.of(),
                settings(Engine.POSTGRES, rules(include(1, "orders", id), include(2, "%", null))));
        assertEquals(Map.of(), settings(Engine.POSTGRES, rules(include(1, "ord%", id))));
        assertEquals(Map.of(), settings(Engine.SQLSERVER, rules(include(1, "orders", id))));
        // Two rules with filters: a row passes either.
        assertEquals(
                "SELECT "
                        + PG_COLUMNS
                        + " FROM \"shop\".\"orders\" WHERE ((\"id\" <> 7)) OR ((\"Odd\"\"Name\" IS"
                        + " NULL))",
                settings(
                                Engine.POSTGRES,
                                rules(
                                        include(1, "orders", id),
                                        include(
                                                2,
                                                "orders",
                                                filter(
                                                        "Odd\\\"Name",
                                                        "{'filter-operator':'null'}"))))
                        .get("snapshot.select.statement.overrides.shop.orders"));
        // Decimals sent as text or as doubles are not compared as the database does; settings
        // that change which columns or values the SMT sees push nothing.
        String amount = filter("amount", "{'filter-operator':'gte','value':'5'}");
        for (Map<String, String> debezium :
                List.of(
                        Map.of("decimal.handling.mode", "string"),
                        Map.of("decimal.handling.mode", "double"),
                        Map.of("column.exclude.list", "shop.orders.amount"),
                        Map.of("converters", "boolean"),
                        Map.of("snapshot.select.statement.overrides.shop.orders", "SELECT 1"))) {
            assertEquals(
                    Map.of(),
                    SnapshotFilters.settings(
                            Engine.POSTGRES,
                            rules(include(1, "orders", amount)),
                            debezium,
                            table -> COLUMNS),
                    debezium.toString());
        }
        // A NULL test on a text column (the SMT may not see it: a LOB left out), a number of a
        // million digits, a name Debezium would not parse: not pushed.
        assertEquals(
                Map.of(),
                settings(
                        Engine.POSTGRES,
                        rules(
                                include(
                                        1,
                                        "orders",
                                        filter("region", "{'filter-operator':'null'}")))));
        assertEquals(
                Map.of(),
                settings(
                        Engine.POSTGRES,
                        rules(
                                include(
                                        1,
                                        "orders",
                                        filter(
                                                "id",
                                                "{'filter-operator':'lte','value':'1e1000000'}")))));
        assertEquals(Map.of(), settings(Engine.POSTGRES, rules(include(1, "order items", id))));
    }
}
