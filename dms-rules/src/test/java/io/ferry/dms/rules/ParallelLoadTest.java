package io.ferry.dms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.dms.rules.ParallelLoad.BoundValue;
import io.ferry.dms.rules.RangeSegment.Op;
import io.ferry.dms.rules.RangeSegment.Term;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParallelLoadTest {
    private static final String SELECT =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "HR", "table-name": "%"},
             "rule-action": "include"}""";

    /** The parallel load of a table-settings rule, rule-id 2, on HR.SALES. */
    private static Optional<ParallelLoad> load(String parallelLoad) {
        String settings =
                """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                 "object-locator": {"schema-name": "HR", "table-name": "SALES"},
                 "parallel-load": %s}"""
                        .formatted(parallelLoad);
        return MappingParser.parse("{\"rules\":[" + SELECT + "," + settings + "]}")
                .tableSettings()
                .get(0)
                .parallelLoad();
    }

    private static ParallelLoad.Ranges ranges(String parallelLoad) {
        return (ParallelLoad.Ranges) load(parallelLoad).orElseThrow();
    }

    private static List<BoundValue> text(String... values) {
        return Arrays.stream(values).map(v -> new BoundValue(v, false)).toList();
    }

    private static List<BoundValue> numbers(String... values) {
        return Arrays.stream(values).map(v -> new BoundValue(v, true)).toList();
    }

    /** The examples of DMS's table-settings guide, one per type. */
    @Test
    void everyTypeParses() {
        assertEquals(
                Optional.of(new ParallelLoad.PartitionsAuto()),
                load("{\"type\": \"partitions-auto\"}"));
        assertEquals(
                Optional.of(new ParallelLoad.SubpartitionsAuto()),
                load("{\"type\": \"subpartitions-auto\"}"));
        assertEquals(Optional.of(new ParallelLoad.None()), load("{\"type\": \"none\"}"));
        assertEquals(
                Optional.of(
                        new ParallelLoad.PartitionsList(
                                List.of("ABCD", "EFGH", "UVWXYZ"), List.of("01234", "56789"))),
                load(
                        """
                        {"type": "partitions-list",
                         "partitions": ["ABCD", "EFGH", "UVWXYZ"],
                         "subpartitions": ["01234", "56789"]}"""));
        assertEquals(
                Optional.of(new ParallelLoad.PartitionsList(List.of(), List.of("01234"))),
                load("{\"type\": \"partitions-list\", \"subpartitions\": [\"01234\"]}"));
        assertEquals(
                new ParallelLoad.Ranges(
                        List.of("SALES_NO", "REGION"),
                        List.of(text("1000", "NORTH"), text("3000", "WEST")),
                        List.of()),
                ranges(
                        """
                        {"type": "ranges",
                         "columns": ["SALES_NO", "REGION"],
                         "boundaries": [["1000", "NORTH"], ["3000", "WEST"]]}"""));
        assertEquals(Optional.empty(), load("null"));
    }

    @Test
    void boundaryValuesKeepTheirTextAndWhetherTheyWereNumbers() {
        ParallelLoad.Ranges ranges =
                ranges(
                        """
                        {"type": "ranges", "columns": ["ID", "DAY"],
                         "boundaries": [[2013, "2013-01-01"], [2014.5, "x"],
                                        [12345678901234567890, "y"]]}""");
        assertEquals(
                List.of(
                        List.of(new BoundValue("2013", true), new BoundValue("2013-01-01", false)),
                        List.of(new BoundValue("2014.5", true), new BoundValue("x", false)),
                        List.of(
                                new BoundValue("12345678901234567890", true),
                                new BoundValue("y", false))),
                ranges.boundaries());
    }

    /** Only numbers are put in order: how strings sort is the column type's business. */
    @Test
    void onlyNumbersAreCheckedToAscend() {
        ranges(
                "{'type': 'ranges', 'columns': ['C'], 'boundaries': [['b'], ['a']]}"
                        .replace('\'', '"'));
        ranges(
                "{'type': 'ranges', 'columns': ['C'], 'boundaries': [['10'], [9]]}"
                        .replace('\'', '"'));
        ranges(
                "{'type': 'ranges', 'columns': ['C', 'D'], 'boundaries': [[1, 'z'], [1, 'a']]}"
                        .replace('\'', '"'));
        ranges(
                "{'type': 'ranges', 'columns': ['C', 'D'], 'boundaries': [[1, 9], [2, 1]]}"
                        .replace('\'', '"'));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("'ranges'", "'parallel-load' must be an object"),
                Arguments.of(
                        "{'type': 'partitions'}",
                        "'parallel-load.type' is 'partitions'; expected partitions-auto,"
                                + " subpartitions-auto, partitions-list, ranges or none"),
                // The seeds' SQL Server walkthrough spells it "Types".
                Arguments.of(
                        "{'Types': 'ranges', 'columns': ['ID'], 'boundaries': [['16972']]}",
                        "'parallel-load.type' is missing"),
                Arguments.of(
                        "{'type': 'partitions-auto', 'number-of-partitions': 16}",
                        "'parallel-load.number-of-partitions' applies only to MongoDB and Amazon"
                                + " DocumentDB sources, which Ferry does not read"),
                Arguments.of(
                        "{'type': 'partitions-list'}",
                        "'parallel-load.partitions' is missing: partitions-list needs the"
                                + " partitions (or Oracle subpartitions) to load"),
                Arguments.of(
                        "{'type': 'partitions-list', 'partitions': 'ABCD'}",
                        "'parallel-load.partitions' must be an array of names"),
                Arguments.of(
                        "{'type': 'ranges', 'boundaries': [['1']]}",
                        "'parallel-load.columns' is missing"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': [], 'boundaries': [['1']]}",
                        "'parallel-load.columns' names 0 columns; ranges takes 1 to 10"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a','b','c','d','e','f','g','h','i','j','k'],"
                                + " 'boundaries': [['1','1','1','1','1','1','1','1','1','1','1']]}",
                        "'parallel-load.columns' names 11 columns; ranges takes 1 to 10"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a', 7], 'boundaries': [['1', '2']]}",
                        "'parallel-load.columns[1]' must be a name, not 7"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a']}",
                        "'parallel-load.boundaries' is missing"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': []}",
                        "'parallel-load.boundaries' must be a non-empty array of boundaries"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a', 'b'], 'boundaries': [['1', 'x'], ['2']]}",
                        "'parallel-load.boundaries[1]' needs 2 values, one per column; it has 1"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': ['1']}",
                        "'parallel-load.boundaries[0]' needs 1 values, one per column; it is not"
                                + " an array"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a', 'b'], 'boundaries': [['1', null]]}",
                        "'parallel-load.boundaries[0][1]' must be a string or a number, not null"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': [['1'], [{'v': 2}]]}",
                        "'parallel-load.boundaries[1][0]' must be a string or a number, not object"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': [[['1']]]}",
                        "'parallel-load.boundaries[0][0]' must be a string or a number, not array"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a', 'b'], 'boundaries': [[2, 5], [2, 5.0]]}",
                        "'parallel-load.boundaries[1]' is not above boundaries[0]; boundaries must"
                                + " ascend"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': [[20], [100], [30]]}",
                        "'parallel-load.boundaries[2]' is not above boundaries[1]; boundaries must"
                                + " ascend"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': [['x'], ['x']]}",
                        "'parallel-load.boundaries[1]' is not above boundaries[0]; boundaries must"
                                + " ascend"),
                Arguments.of(
                        "{'type': 'ranges', 'columns': ['a'], 'boundaries': [[1], [2]],"
                                + " 'segment-names': ['low', 'high']}",
                        "'parallel-load.segment-names' has 2 names for 3 segments; give one per"
                                + " segment (boundaries + 1)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void anInvalidParallelLoadNamesTheRuleAndField(String parallelLoad, String expected) {
        MappingException e =
                assertThrows(MappingException.class, () -> load(parallelLoad.replace('\'', '"')));
        assertEquals("rule-id 2: " + expected, e.getMessage());
    }

    /** Two columns, three boundaries: four segments, each a boundary above the last. */
    private static final String TWO_COLUMNS =
            """
            {"type": "ranges", "columns": ["C1", "C2"],
             "boundaries": [[10, 30], [20, 20], [100, 12]],
             "segment-names": ["s1", "s2", "s3", "s4"]}""";

    @Test
    void rangesMakeOneSegmentMoreThanBoundaries() {
        List<RangeSegment> segments = ranges(TWO_COLUMNS).segments();
        List<String> columns = List.of("C1", "C2");
        assertEquals(
                List.of(
                        new RangeSegment(
                                1,
                                Optional.of("s1"),
                                columns,
                                Optional.empty(),
                                Optional.of(numbers("10", "30"))),
                        new RangeSegment(
                                2,
                                Optional.of("s2"),
                                columns,
                                Optional.of(numbers("10", "30")),
                                Optional.of(numbers("20", "20"))),
                        new RangeSegment(
                                3,
                                Optional.of("s3"),
                                columns,
                                Optional.of(numbers("20", "20")),
                                Optional.of(numbers("100", "12"))),
                        new RangeSegment(
                                4,
                                Optional.of("s4"),
                                columns,
                                Optional.of(numbers("100", "12")),
                                Optional.empty())),
                segments);
        assertEquals(
                List.of(
                        List.of(new Term("C1", Op.LESS, 0)),
                        List.of(new Term("C1", Op.EQUAL, 0), new Term("C2", Op.LESS, 1))),
                segments.get(2).below());
        assertEquals(
                Optional.empty(),
                ranges("{\"type\": \"ranges\", \"columns\": [\"C\"], \"boundaries\": [[1]]}")
                        .segments()
                        .get(1)
                        .name());
    }

    /** The WHERE clauses DMS's guide shows for three columns and three boundaries. */
    @Test
    void termsRenderAsTheGuidesWhereClauses() {
        List<RangeSegment> segments =
                ranges(
                                """
                                {"type": "ranges", "columns": ["COL1", "COL2", "COL3"],
                                 "boundaries": [[10, 30, 105], [20, 20, 120], [100, 12, 99]]}""")
                        .segments();
        assertEquals(
                List.of(
                        "((COL1 < 10) OR ((COL1 = 10) AND (COL2 < 30)) OR ((COL1 = 10) AND (COL2 ="
                                + " 30) AND (COL3 < 105)))",
                        "NOT ((COL1 < 10) OR ((COL1 = 10) AND (COL2 < 30)) OR ((COL1 = 10) AND"
                                + " (COL2 = 30) AND (COL3 < 105))) AND ((COL1 < 20) OR ((COL1 = 20)"
                                + " AND (COL2 < 20)) OR ((COL1 = 20) AND (COL2 = 20) AND (COL3 <"
                                + " 120)))",
                        "NOT ((COL1 < 20) OR ((COL1 = 20) AND (COL2 < 20)) OR ((COL1 = 20) AND"
                                + " (COL2 = 20) AND (COL3 < 120))) AND ((COL1 < 100) OR ((COL1 ="
                                + " 100) AND (COL2 < 12)) OR ((COL1 = 100) AND (COL2 = 12) AND"
                                + " (COL3 < 99)))",
                        "NOT ((COL1 < 100) OR ((COL1 = 100) AND (COL2 < 12)) OR ((COL1 = 100) AND"
                                + " (COL2 = 12) AND (COL3 < 99)))"),
                segments.stream().map(ParallelLoadTest::render).toList());
    }

    /** Every row without NULLs lands in exactly one segment: lower <= row < upper. */
    @Test
    void segmentsSplitRowsWithoutNullsAtTheirUpperBoundExclusive() {
        List<RangeSegment> segments = ranges(TWO_COLUMNS).segments();
        for (int c1 = 0; c1 <= 110; c1++) {
            for (int c2 = 0; c2 <= 40; c2++) {
                assertEquals(1, segmentsHolding(segments, c1, c2).size(), c1 + "," + c2);
            }
        }
        assertEquals(List.of(1), segmentsHolding(segments, 10, 29));
        assertEquals(List.of(2), segmentsHolding(segments, 10, 30));
        assertEquals(List.of(2), segmentsHolding(segments, 20, 19));
        assertEquals(List.of(3), segmentsHolding(segments, 20, 20));
        assertEquals(List.of(4), segmentsHolding(segments, 100, 12));
    }

    /** DMS: rows with NULLs are not replicated. With SQL's logic, as RangeSegment says. */
    @Test
    void aNullComparedWithABoundaryPutsTheRowInNoSegment() {
        List<RangeSegment> segments = ranges(TWO_COLUMNS).segments();
        assertEquals(List.of(), segmentsHolding(segments, null, 5));
        assertEquals(List.of(), segmentsHolding(segments, 10, null));
        assertEquals(List.of(), segmentsHolding(segments, 100, null));
        // C1 alone places these, so C2 is never compared.
        assertEquals(List.of(1), segmentsHolding(segments, 5, null));
        assertEquals(List.of(2), segmentsHolding(segments, 15, null));
        assertEquals(List.of(4), segmentsHolding(segments, 200, null));
    }

    private static List<Integer> segmentsHolding(List<RangeSegment> segments, Integer... row) {
        List<Integer> holding = new ArrayList<>();
        for (RangeSegment segment : segments) {
            if (Boolean.TRUE.equals(holds(segment, Arrays.asList(row)))) {
                holding.add(segment.number());
            }
        }
        return holding;
    }

    /** SQL's three-valued truth (null = unknown) of a segment's predicate on a row of ints. */
    private static Boolean holds(RangeSegment segment, List<Integer> row) {
        // Neither Optional.map nor ?: here: they turn unknown (null) into absent or a crash.
        Boolean aboveLower = true;
        Boolean belowUpper = true;
        if (segment.lower().isPresent()) {
            aboveLower = not(below(segment, segment.lower().get(), row));
        }
        if (segment.upper().isPresent()) {
            belowUpper = below(segment, segment.upper().get(), row);
        }
        return and(aboveLower, belowUpper);
    }

    private static Boolean below(RangeSegment segment, List<BoundValue> bound, List<Integer> row) {
        Boolean any = false;
        for (List<Term> all : segment.below()) {
            Boolean each = true;
            for (Term term : all) {
                Integer value = row.get(segment.columns().indexOf(term.column()));
                int limit = Integer.parseInt(bound.get(term.valueIndex()).text());
                Boolean result =
                        value == null
                                ? null
                                : term.op() == Op.LESS ? value < limit : value == limit;
                each = and(each, result);
            }
            any = or(any, each);
        }
        return any;
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    private static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    private static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }

    /** The guide's notation, as a source's dialect would render it with the values inlined. */
    private static String render(RangeSegment segment) {
        List<String> parts = new ArrayList<>();
        segment.lower().ifPresent(b -> parts.add("NOT " + render(segment, b)));
        segment.upper().ifPresent(b -> parts.add(render(segment, b)));
        return String.join(" AND ", parts);
    }

    private static String render(RangeSegment segment, List<BoundValue> bound) {
        List<String> any = new ArrayList<>();
        for (List<Term> all : segment.below()) {
            List<String> terms =
                    all.stream()
                            .map(
                                    t ->
                                            "("
                                                    + t.column()
                                                    + (t.op() == Op.LESS ? " < " : " = ")
                                                    + bound.get(t.valueIndex()).text()
                                                    + ")")
                            .toList();
            any.add(terms.size() == 1 ? terms.get(0) : "(" + String.join(" AND ", terms) + ")");
        }
        return "(" + String.join(" OR ", any) + ")";
    }
}
