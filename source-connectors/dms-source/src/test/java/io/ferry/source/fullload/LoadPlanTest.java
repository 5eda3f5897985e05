package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final Map<String, Integer> TYPES = Map.of("id", java.sql.Types.BIGINT);

    /** The segments of {@code tables} as the connector plans them. */
    private static List<LoadPlan.Segment> segments(
            LoadPlan plan, Engine engine, LoadPlan.Partitions partitions, TableId... tables)
            throws SQLException {
        Map<TableId, List<SegmentRange>> ranges = new LinkedHashMap<>();
        for (TableId table : tables) {
            ranges.put(table, plan.ranges(engine, table, TYPES, partitions));
        }
        return LoadPlan.segments(ranges);
    }

    private static List<String> labels(List<LoadPlan.Segment> segments) {
        return segments.stream().map(s -> s.table().table() + ": " + s.label()).toList();
    }

    @Test
    void aRangesRuleGivesItsRangesAndTheRest() throws SQLException {
        List<LoadPlan.Segment> segments =
                segments(
                        plan(RULES),
                        Engine.POSTGRES,
                        t -> LoadPlan.Partitioning.NONE,
                        ORDERS,
                        ITEMS);
        assertEquals(
                List.of(
                        "orders: ranges (id) below (10)",
                        "orders: ranges (id) from (10) below (20)",
                        "orders: ranges (id) from (20)",
                        "orders: rows no range takes of ranges (id) below (10); ranges (id) from"
                                + " (10) below (20); ranges (id) from (20)",
                        "items: whole table"),
                labels(segments));
        assertEquals(List.of(0, 1, 2, 3, 0), segments.stream().map(s -> s.index()).toList());
    }

    private static final String PARTITIONED =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "sales", "table-name": "%%"},
             "rule-action": "include"},
            {"rule-type": "table-settings", "rule-id": "4", "rule-name": "4",
             "object-locator": {"schema-name": "sales", "table-name": "orders"},
             "parallel-load": %s}
            """;

    @Test
    void partitionsAutoGivesASegmentPerPartitionAndATableWithoutThemWhole() throws SQLException {
        LoadPlan plan = plan(PARTITIONED.formatted("{\"type\": \"partitions-auto\"}"));
        assertEquals(
                List.of(
                        "orders: partition p2023 (layout L1)",
                        "orders: partition p2024 (layout L1)",
                        "orders: partition pmax (layout L1)"),
                labels(
                        segments(
                                plan,
                                Engine.MARIADB,
                                t ->
                                        new LoadPlan.Partitioning(
                                                List.of("p2023", "p2024", "pmax"), "L1"),
                                ORDERS)));
        assertEquals(
                List.of("orders: whole table"),
                labels(segments(plan, Engine.MARIADB, t -> LoadPlan.Partitioning.NONE, ORDERS)));
        assertEquals(
                List.of("p2024"),
                plan.ranges(
                                Engine.MARIADB,
                                ORDERS,
                                TYPES,
                                t -> new LoadPlan.Partitioning(List.of("p2023", "p2024"), "L1"))
                        .get(1)
                        .partitions());
    }

    /** DMS loads the listed partitions only; Ferry loads the others too, as one more segment. */
    @Test
    void partitionsListGivesTheListedOnesThenTheOthersAsOneSegment() throws SQLException {
        LoadPlan plan =
                plan(
                        PARTITIONED.formatted(
                                "{\"type\": \"partitions-list\", \"partitions\":"
                                        + " [\"PMAX\", \"p2023\", \"gone\"]}"));
        List<SegmentRange> ranges =
                plan.ranges(
                        Engine.MARIADB,
                        ORDERS,
                        TYPES,
                        t ->
                                new LoadPlan.Partitioning(
                                        List.of("p2022", "p2023", "p2024", "pmax"), "L1"));
        assertEquals(
                List.of(
                        "partition p2023 (layout L1)",
                        "partition pmax (layout L1)",
                        "partitions not listed: p2022, p2024 (layout L1)"),
                ranges.stream().map(SegmentRange::label).toList());
        assertEquals(List.of("p2022", "p2024"), ranges.get(2).partitions());
        assertEquals(
                List.of("partition p2023 (layout L1)"),
                plan
                        .ranges(
                                Engine.MARIADB,
                                ORDERS,
                                TYPES,
                                t -> new LoadPlan.Partitioning(List.of("p2023"), "L1"))
                        .stream()
                        .map(SegmentRange::label)
                        .toList());
    }

    @Test
    void segmentsAreDealtInTurnToNoMoreTasksThanSegments() throws SQLException {
        List<LoadPlan.Segment> segments =
                segments(
                        plan(RULES),
                        Engine.POSTGRES,
                        t -> LoadPlan.Partitioning.NONE,
                        ORDERS,
                        ITEMS);
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
                assertThrows(
                        MappingException.class,
                        () ->
                                plan.ranges(
                                        Engine.POSTGRES,
                                        ORDERS,
                                        TYPES,
                                        t -> LoadPlan.Partitioning.NONE));
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
