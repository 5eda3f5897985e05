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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
            segments.add(ids(reader(c, engine, query, SegmentReader.Progress.START), TO_THE_END));
        }
        return segments;
    }

    private static SegmentReader reader(
            Connection c, Engine engine, SegmentQuery query, SegmentReader.Progress after)
            throws Exception {
        return new SegmentReader(
                () -> c,
                engine,
                query,
                ColumnTypes.of(c, engine, query.table(), List.of("id")),
                after);
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
            List<Long> whole =
                    ids(reader(c, engine, query, SegmentReader.Progress.START), TO_THE_END);
            assertTrue(whole.size() > 14, "the segment spans pages: " + whole.size());

            SegmentReader first = reader(c, engine, query, SegmentReader.Progress.START);
            List<Long> resumed = new ArrayList<>(ids(first, 2));
            resumed.addAll(ids(reader(c, engine, query, first.progress()), TO_THE_END));
            assertEquals(whole, resumed);
        }
    }

    /**
     * A segment reads the rows up to the greatest key it had when its reader first started: rows
     * added since with greater keys are left to the changes that follow the load, also when the
     * reader restarts — and a finished segment restarted reads nothing again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void aSegmentEndsAtTheGreatestKeyItFirstSaw(String engineName) throws Exception {
        LocalDatabase db = database(engineName);
        Engine engine = engineName.equals("postgres") ? Engine.POSTGRES : Engine.MARIADB;
        TableId table = table(db, engineName);
        try (Connection c = db.connect()) {
            SegmentQuery query =
                    new SegmentQuery(engine, table, COLUMNS, List.of("id"), SegmentRange.all(), 7);
            SegmentReader first = reader(c, engine, query, SegmentReader.Progress.START);
            List<Long> read = new ArrayList<>(ids(first, 2));
            db.execute(
                    "INSERT INTO "
                            + table.table()
                            + " (id) VALUES ("
                            + (ROWS + 1)
                            + "), ("
                            + (ROWS + 2)
                            + ")");
            SegmentReader resumed = reader(c, engine, query, first.progress());
            read.addAll(ids(resumed, TO_THE_END));
            assertEquals(LongStream.rangeClosed(1, ROWS).boxed().toList(), read);
            assertEquals(
                    List.of(),
                    ids(reader(c, engine, query, resumed.progress()), TO_THE_END),
                    "a finished segment restarted");
        }
    }

    /**
     * Keys of many types, paged 7 rows at a time well past the fifth query (where PostgreSQL's
     * driver prepares the statement on the server and reads values in binary): every row once, and
     * a reader restarted from the key text of its third page goes on without a gap or repeat.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "postgres|k bytea|decode(md5(g::text), 'hex')",
                "postgres|k timetz|TIME WITH TIME ZONE '00:00:00+02' + g * INTERVAL '1 minute'",
                "postgres|k numeric|CASE WHEN g = 50 THEN 'NaN'::numeric ELSE g / 7.0 END",
                "postgres|k float8|g / 7.0::float8",
                "postgres|k real|g / 7.0::real",
                "postgres|k money|g * 1.25::money",
                "postgres|k timestamptz|TIMESTAMPTZ '2024-01-01 00:00:00+05' + g * INTERVAL '37"
                        + " minutes'",
                "postgres|k text COLLATE \"C\"|md5(g::text) || CASE WHEN g % 2 = 0 THEN 'A'"
                        + " ELSE 'a' END",
                "postgres|k int, k2 text|g % 5, md5(g::text)",
                "mariadb|k decimal(12,4)|g / 7",
                "mariadb|k bigint unsigned|18446744073709551615 - g",
                "mariadb|k datetime(6)|TIMESTAMP '2024-01-01 00:00:00.5' + INTERVAL g * 37"
                        + " MINUTE",
                "mariadb|k varchar(40), k2 int|MD5(g % 5), g",
            })
    void keysOfEveryTypeArePagedWithoutGapOrRepeat(String engineName, String keys, String values)
            throws Exception {
        LocalDatabase db = database(engineName);
        Engine engine = engineName.equals("postgres") ? Engine.POSTGRES : Engine.MARIADB;
        String name = "keys_" + System.nanoTime();
        TableId table =
                new TableId(engine == Engine.POSTGRES ? "public" : LocalDatabase.DATABASE, name);
        List<String> key = keys.contains("k2") ? List.of("k", "k2") : List.of("k");
        db.execute(
                "CREATE TABLE "
                        + name
                        + " ("
                        + keys
                        + ", g int NOT NULL, PRIMARY KEY ("
                        + String.join(", ", key)
                        + "))",
                "INSERT INTO "
                        + name
                        + " SELECT "
                        + values
                        + ", g FROM "
                        + (engine == Engine.POSTGRES
                                ? "generate_series(1, 100) g"
                                : "(SELECT seq AS g FROM seq_1_to_100) s"));
        List<String> columns = new java.util.ArrayList<>(key);
        columns.add("g");
        try (Connection c = db.connect()) {
            SegmentQuery query =
                    new SegmentQuery(engine, table, columns, key, SegmentRange.all(), 7);
            Map<String, Integer> types = ColumnTypes.of(c, engine, table, key);
            List<Long> whole =
                    rows(
                            new SegmentReader(
                                    () -> c, engine, query, types, SegmentReader.Progress.START),
                            -1,
                            columns.size());
            assertEquals(
                    LongStream.rangeClosed(1, 100).boxed().toList(),
                    new ArrayList<>(new TreeSet<>(whole)),
                    "every row");
            assertEquals(100, whole.size(), "no row twice");

            SegmentReader first =
                    new SegmentReader(() -> c, engine, query, types, SegmentReader.Progress.START);
            List<Long> resumed = new ArrayList<>(rows(first, 3, columns.size()));
            resumed.addAll(
                    rows(
                            new SegmentReader(() -> c, engine, query, types, first.progress()),
                            -1,
                            columns.size()));
            assertEquals(whole, resumed, "resumed from " + first.progress());
        }
    }

    /** The {@code g} of each row, {@code pages} pages or (-1) to the end, capped. */
    private static List<Long> rows(SegmentReader reader, int pages, int width) throws Exception {
        List<Long> ids = new ArrayList<>();
        int limit = pages < 0 ? 100 / 7 + 2 : pages;
        for (int page = 0; page < limit; page++) {
            List<SegmentReader.Row> rows = reader.nextPage(SegmentReader.plain(width));
            if (rows.isEmpty()) {
                return ids;
            }
            for (SegmentReader.Row row : rows) {
                Object[] values = row.values();
                ids.add(((Number) values[values.length - 1]).longValue());
            }
        }
        assertTrue(pages >= 0, "the segment did not end within " + limit + " pages");
        return ids;
    }
}
