package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ferry.testing.CapturedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DmsRow on real PostgreSQL and MariaDB change events (r, r, c, u, d, tombstone). */
class DmsRowTest {
    private static List<SourceRecord> apply(
            String database, boolean schemas, Map<String, String> props) {
        DmsRow<SourceRecord> smt = new DmsRow<>();
        smt.configure(props);
        List<SourceRecord> out = new ArrayList<>();
        for (SourceRecord record : CapturedEvents.load(database, schemas)) {
            out.add(smt.apply(record));
        }
        smt.close();
        return out;
    }

    private static List<String> columns(Struct row) {
        return row.schema().fields().stream().map(Field::name).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void opColumnFollowsDmsForEachOperation(String database) {
        List<SourceRecord> out = apply(database, true, Map.of());

        assertEquals(
                List.of("I", "I", "I", "U", "D"),
                out.subList(0, 5).stream().map(r -> ((Struct) r.value()).get("Op")).toList());
        Struct update = (Struct) out.get(3).value();
        assertEquals("Ada L.", update.get("Cust_Name"));
        Struct delete = (Struct) out.get(4).value();
        assertEquals("Grace", delete.get("Cust_Name"));
        assertEquals(
                List.of(
                        "Op",
                        "Cust_Id",
                        "Cust_Name",
                        "cust_passport_no",
                        "Created_At",
                        "Birth_Date",
                        "Balance",
                        "Region"),
                columns(update));
        assertNull(out.get(5), "the tombstone is dropped: the D row carries the delete");
        assertEquals(out.get(3).key(), CapturedEvents.load(database, true).get(3).key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void timestampColumnHoldsTheCommitTime(String database) {
        List<SourceRecord> out =
                apply(database, true, Map.of("timestamp.column.name", "sourceRecordTime"));
        Struct insert = (Struct) out.get(2).value();
        assertEquals("sourceRecordTime", columns(insert).get(1));
        String time = (String) insert.get("sourceRecordTime");
        assertEquals(
                true, time.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}"), time);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void beforeImageColumnsForTheKey(String database) {
        List<SourceRecord> out =
                apply(database, true, Map.of("before.image.column.filter", "pk-only"));
        Struct update = (Struct) out.get(3).value();
        assertEquals("BI_Cust_Id", columns(update).get(columns(update).size() - 1));
        assertEquals(1, update.get("BI_Cust_Id"));
        assertNull(
                ((Struct) out.get(2).value()).get("BI_Cust_Id"), "an insert has no before image");
    }

    /**
     * Issue 16, item 4: a table announcement (op p, no row) stops at DmsRow: its envelope schema
     * and the flat rows' would share one schema subject.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void anAnnouncementStopsHere(String database) {
        SourceRecord announcement =
                CapturedEvents.announcement(CapturedEvents.load(database, true).get(3));
        DmsRow<SourceRecord> smt = new DmsRow<>();
        smt.configure(Map.of());
        assertNull(smt.apply(announcement));
        smt.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void allBeforeImageColumnsWithPrefixAndSuffix(String database) {
        List<SourceRecord> out =
                apply(
                        database,
                        true,
                        Map.of(
                                "before.image.column.filter", "all",
                                "before.image.column.prefix", "old_",
                                "before.image.column.suffix", "_v"));
        Struct update = (Struct) out.get(3).value();
        assertEquals("Ada", update.get("old_Cust_Name_v"));
        assertEquals("Ada L.", update.get("Cust_Name"));
    }

    @Test
    void schemalessEventsBecomeMaps() {
        List<SourceRecord> out = apply("postgres", false, Map.of("drop.tombstones", "false"));
        Map<?, ?> delete = (Map<?, ?>) out.get(4).value();
        assertEquals("D", delete.get("Op"));
        assertEquals("Grace", delete.get("Cust_Name"));
        assertNull(out.get(5).value(), "kept tombstone");
    }

    @Test
    void recordsThatAreNotChangeEventsPassThrough() {
        DmsRow<SourceRecord> smt = new DmsRow<>();
        smt.configure(Map.of());
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

    @Test
    void theInputIsNotChanged() {
        SourceRecord input = CapturedEvents.load("mariadb", true).get(3);
        String before = input.value().toString();
        DmsRow<SourceRecord> smt = new DmsRow<>();
        smt.configure(Map.of("before.image.column.filter", "all"));
        smt.apply(input);
        assertEquals(before, input.value().toString());
    }
}
