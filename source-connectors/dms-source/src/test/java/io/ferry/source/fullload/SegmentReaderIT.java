package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingParser;
import io.ferry.dms.rules.ParallelLoad;
import io.ferry.dms.rules.RangeSegment;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table read segment by segment, against real PostgreSQL and MariaDB: the segments of a DMS
 * {@code ranges} rule and the rest segment (rows DMS leaves out for a NULL) hold every row exactly
 * once, and a reader restarted from the last key it returned goes on without a gap or a repeat.
 */
class SegmentReaderIT {
    private static final int ROWS = 500;
    private static final List<String> COLUMNS = List.of("id", "region", "amount", "note");
    private static final String[] REGIONS = {"east", "north", "south", "west", null};

    private LocalDatabase database(String engine) {
        return engine.equals("postgres") ? LocalServers.postgres() : LocalServers.mariadb();
    }

    /** A table of {@code ROWS} rows, NULLs among the range columns. */
    private TableId table(LocalDatabase db, String engine) {
        String name = "segments_" + System.nanoTime();
        TableId table =
                new TableId(engine.equals("postgres") ? "public" : LocalDatabase.DATABASE, name);
        db.execute(
                "CREATE TABLE "
                        + name
                        + " (id bigint PRIMARY KEY, region varchar(10), amount int, note"
                        + " varchar(20))");
        StringBuilder insert = new StringBuilder("INSERT INTO " + name + " VALUES ");
        for (int id = 1; id <= ROWS; id++) {
            String region = REGIONS[id % REGIONS.length];
            String amount = id % 11 == 0 ? "NULL" : Integer.toString(id * 37 % 100);
            insert.append(id == 1 ? "" : ", ")
                    .append('(')
                    .append(id)
                    .append(", ")
                    .append(region == null ? "NULL" : "'" + region + "'")
                    .append(", ")
                    .append(amount)
                    .append(", 'row ")
                    .append(id)
                    .append("')");
        }
        db.execute(insert.toString());
        return table;
    }

    private static List<RangeSegment> ranges(TableId table) {
        String rules =
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "%s", "table-name": "%s"},
                   "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                   "object-locator": {"schema-name": "%s", "table-name": "%s"},
                   "parallel-load": {"type": "ranges", "columns": ["region", "amount"],
                     "boundaries": [["north", 50], ["south", "20"], ["west", 0]]}}
                ]}
                """
                        .formatted(table.schema(), table.table(), table.schema(), table.table());
        ParallelLoad load =
                MappingParser.parse(rules).tableSettings().get(0).parallelLoad().orElseThrow();
        return ((ParallelLoad.Ranges) load).segments();
    }

    /** Every segment's ids, the rest segment last, read 7 rows a page. */
    private static List<List<Long>> readAll(Connection c, Engine engine, TableId table)
            throws Exception {
        Map<String, Integer> types = ColumnTypes.of(c, engine, table, List.of("region", "amount"));
        List<SegmentRange> ranges = new ArrayList<>();
        for (RangeSegment segment : ranges(table)) {
            ranges.add(SegmentRange.of(engine, segment, types));
        }
        List<SegmentRange> all = new ArrayList<>(ranges);
        all.add(SegmentRange.rest(ranges));
        List<List<Long>> segments = new ArrayList<>();
        for (SegmentRange range : all) {
            SegmentQuery query = new SegmentQuery(engine, table, COLUMNS, List.of("id"), range, 7);
            segments.add(ids(reader(c, engine, query, Optional.empty()), TO_THE_END));
        }
        return segments;
    }

    private static SegmentReader reader(
            Connection c, Engine engine, SegmentQuery query, Optional<List<String>> after)
            throws Exception {
        return new SegmentReader(
                c, engine, query, ColumnTypes.of(c, engine, query.table(), List.of("id")), after);
    }

    /** More pages than the table has: a reader that never ends fails instead of hanging. */
    private static final int TO_THE_END = -1;

    private static List<Long> ids(SegmentReader reader, int pages) throws Exception {
        List<Long> ids = new ArrayList<>();
        int limit = pages == TO_THE_END ? ROWS / 7 + 2 : pages;
        for (int page = 0; page < limit; page++) {
            List<SegmentReader.Row> rows = reader.nextPage(SegmentReader.plain(COLUMNS.size()));
            if (rows.isEmpty()) {
                return ids;
            }
            rows.forEach(row -> ids.add(((Number) row.values()[0]).longValue()));
        }
        assertTrue(pages != TO_THE_END, "the segment did not end within " + limit + " pages");
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void theSegmentsAndTheRestHoldEveryRowOnce(String engineName) throws Exception {
        LocalDatabase db = database(engineName);
        Engine engine = engineName.equals("postgres") ? Engine.POSTGRES : Engine.MARIADB;
        TableId table = table(db, engineName);
        try (Connection c = db.connect()) {
            List<List<Long>> segments = readAll(c, engine, table);
            assertEquals(5, segments.size(), "three boundaries make four segments, then the rest");
            Set<Long> seen = new HashSet<>();
            for (List<Long> ids : segments) {
                for (Long id : ids) {
                    assertTrue(seen.add(id), "row " + id + " in two segments");
                }
                assertEquals(new ArrayList<>(new TreeSet<>(ids)), ids, "read in key order");
            }
            assertEquals(
                    LongStream.rangeClosed(1, ROWS).boxed().toList(),
                    new ArrayList<>(new TreeSet<>(seen)));
            // DMS: a NULL where the comparison needs it leaves the row out; Ferry's rest has it.
            List<Long> rest = segments.get(4);
            for (long id = 1; id <= ROWS; id++) {
                if (REGIONS[(int) (id % REGIONS.length)] == null) {
                    assertTrue(rest.contains(id), "row " + id + " (region NULL) is in the rest");
                }
            }
            // The first segment is below ('north', 50): regions before north, or north below 50.
            for (Long id : segments.get(0)) {
                String region = REGIONS[(int) (id % REGIONS.length)];
                assertTrue(
                        region.compareTo("north") < 0
                                || region.equals("north") && id % 11 != 0 && id * 37 % 100 < 50,
                        "row " + id + " below ('north', 50)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aReaderRestartedAfterItsLastKeyGoesOnWithoutGapOrRepeat(String engineName)
            throws Exception {
        LocalDatabase db = database(engineName);
        Engine engine = engineName.equals("postgres") ? Engine.POSTGRES : Engine.MARIADB;
        TableId table = table(db, engineName);
        try (Connection c = db.connect()) {
            SegmentRange second =
                    SegmentRange.of(
                            engine,
                            ranges(table).get(1),
                            ColumnTypes.of(c, engine, table, List.of("region", "amount")));
            SegmentQuery query = new SegmentQuery(engine, table, COLUMNS, List.of("id"), second, 7);
            List<Long> whole = ids(reader(c, engine, query, Optional.empty()), TO_THE_END);
            assertTrue(whole.size() > 14, "the segment spans pages: " + whole.size());

            SegmentReader first = reader(c, engine, query, Optional.empty());
            List<Long> resumed = new ArrayList<>(ids(first, 2));
            resumed.addAll(ids(reader(c, engine, query, first.lastKey()), TO_THE_END));
            assertEquals(whole, resumed);
        }
    }
}
