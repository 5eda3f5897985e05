package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.common.TableId;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadPlanTest {
    private static final TableId ORDERS = new TableId("sales", "orders");
    private static final TableId ITEMS = new TableId("sales", "items");
    private static final TableId AUDIT = new TableId("sales", "audit");
    private static final TableId OTHER = new TableId("hr", "people");

    private static LoadPlan plan(String rules) {
        return new LoadPlan(MappingParser.parse("{\"rules\": [" + rules + "]}"));
    }

    private static final String RULES =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "sales", "table-name": "%"},
             "rule-action": "include"},
            {"rule-type": "selection", "rule-id": "2", "rule-name": "2",
             "object-locator": {"schema-name": "sales", "table-name": "orders"},
             "rule-action": "include", "load-order": 5},
            {"rule-type": "selection", "rule-id": "3", "rule-name": "3",
             "object-locator": {"schema-name": "sales", "table-name": "audit"},
             "rule-action": "exclude"},
            {"rule-type": "table-settings", "rule-id": "4", "rule-name": "4",
             "object-locator": {"schema-name": "sales", "table-name": "orders"},
             "parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [[10], [20]]}}
            """;

    @Test
    void selectedTablesLoadByLoadOrderThenName() {
        assertEquals(
                List.of(ORDERS, ITEMS), plan(RULES).selected(List.of(AUDIT, ITEMS, OTHER, ORDERS)));
    }

    @Test
    void aRangesRuleGivesItsRangesAndTheRest() {
        assertEquals(
                List.of(
                        new LoadPlan.Segment(ORDERS, 0),
                        new LoadPlan.Segment(ORDERS, 1),
                        new LoadPlan.Segment(ORDERS, 2),
                        new LoadPlan.Segment(ORDERS, 3),
                        new LoadPlan.Segment(ITEMS, 0)),
                plan(RULES).segments(List.of(ORDERS, ITEMS)));
    }

    @Test
    void segmentsAreDealtInTurnToNoMoreTasksThanSegments() {
        List<LoadPlan.Segment> segments = plan(RULES).segments(List.of(ORDERS, ITEMS));
        assertEquals(
                List.of(
                        List.of(segments.get(0), segments.get(2), segments.get(4)),
                        List.of(segments.get(1), segments.get(3))),
                LoadPlan.deal(segments, 2));
        assertEquals(5, LoadPlan.deal(segments, 8).size());
    }

    @Test
    void twoRulesCuttingOneTableAreRefused() {
        LoadPlan plan =
                plan(
                        RULES
                                + """
                                ,{"rule-type": "table-settings", "rule-id": "9", "rule-name": "9",
                                 "object-locator": {"schema-name": "sales", "table-name": "orders"},
                                 "parallel-load": {"type": "none"}}
                                """);
        MappingException e =
                assertThrows(MappingException.class, () -> plan.segments(List.of(ORDERS)));
        assertEquals(true, e.getMessage().contains("9"), e.getMessage());
        MappingException atValidation =
                assertThrows(
                        MappingException.class,
                        () ->
                                LoadPlan.check(
                                        MappingParser.parse(
                                                "{\"rules\": ["
                                                        + RULES
                                                        + ",{\"rule-type\": \"table-settings\","
                                                        + " \"rule-id\": \"9\", \"rule-name\":"
                                                        + " \"9\", \"object-locator\":"
                                                        + " {\"schema-name\": \"sales\","
                                                        + " \"table-name\": \"orders\"},"
                                                        + " \"parallel-load\": {\"type\":"
                                                        + " \"none\"}}]}")));
        assertEquals(
                true, atValidation.getMessage().contains("rule-id 4"), atValidation.getMessage());
    }
}
