package io.ferry.sink.jdbc.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableId;
import io.ferry.common.UnavailableValues;
import io.ferry.sink.jdbc.change.Change.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class NetChangesTest {
    private static final TableId TABLE = new TableId("s", "t");
    private static final Schema ROW =
            SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("v", Schema.INT32_SCHEMA);

    private static Change upsert(int id, int v, boolean insert) {
        return new Change(
                null,
                TABLE,
                Kind.UPSERT,
                new Struct(ROW).put("id", id).put("v", v),
                null,
                List.of(id),
                insert);
    }

    private static Change delete(int id) {
        return new Change(null, TABLE, Kind.DELETE, null, null, List.of(id), false);
    }

    private static Change truncate() {
        return new Change(null, TABLE, Kind.TRUNCATE, null, null, List.of(), false);
    }

    @Test
    void theLastChangeOfAKeyWinsAndDeletesComeFirst() {
        List<NetChanges.Step> steps =
                NetChanges.reduce(
                        List.of(
                                upsert(1, 1, true),
                                upsert(1, 2, false),
                                delete(2),
                                upsert(3, 3, false),
                                delete(3)));
        assertEquals(1, steps.size());
        NetChanges.Step step = steps.get(0);
        assertEquals(
                List.of(List.of(2), List.of(3)), step.deletes().stream().map(Change::key).toList());
        assertEquals(1, step.upserts().size());
        assertEquals(2, step.upserts().get(0).row().get("v"));
        assertFalse(step.insertsOnly(), "a batch with deletes is not a pure load");
    }

    @Test
    void aRowIsNewOnlyIfItsFirstChangeInsertsIt() {
        NetChanges.Step fresh =
                NetChanges.reduce(List.of(upsert(1, 1, true), upsert(1, 2, false))).get(0);
        assertTrue(fresh.insertsOnly());
        NetChanges.Step reinserted =
                NetChanges.reduce(List.of(delete(1), upsert(1, 2, true))).get(0);
        assertFalse(reinserted.upserts().get(0).insert(), "the row may exist before the batch");
    }

    /** Issue 16, item 2: the net change keeps what an earlier change set for a column it lacks. */
    @Test
    void aColumnTheLastChangeDoesNotCarryKeepsTheEarlierValue() {
        Schema text =
                SchemaBuilder.struct()
                        .field("id", Schema.INT32_SCHEMA)
                        .field("n", Schema.INT32_SCHEMA)
                        .field("body", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Change first =
                new Change(
                        null,
                        TABLE,
                        Kind.UPSERT,
                        new Struct(text).put("id", 1).put("n", 1).put("body", "long"),
                        null,
                        List.of(1),
                        true);
        Change second =
                new Change(
                        null,
                        TABLE,
                        Kind.UPSERT,
                        new Struct(text)
                                .put("id", 1)
                                .put("n", 2)
                                .put("body", UnavailableValues.PLACEHOLDER),
                        null,
                        List.of(1),
                        false);
        Change net = NetChanges.reduce(List.of(first, second)).get(0).upserts().get(0);
        assertEquals(2, net.row().get("n"));
        assertEquals("long", net.row().get("body"));
        assertTrue(net.insert(), "still a new row");
        Change alone = NetChanges.reduce(List.of(second)).get(0).upserts().get(0);
        assertEquals(UnavailableValues.PLACEHOLDER, alone.row().get("body"));
        // After a delete of its key the update cannot take the columns it lacks from the row it
        // replaces: the delete stays before it (and the update then finds no row).
        Change delete = new Change(null, TABLE, Kind.DELETE, null, null, List.of(1), false);
        List<NetChanges.Step> steps = NetChanges.reduce(List.of(delete, second));
        assertEquals(2, steps.size());
        assertEquals(List.of(delete), steps.get(0).deletes());
        assertEquals(
                UnavailableValues.PLACEHOLDER, steps.get(1).upserts().get(0).row().get("body"));
    }

    @Test
    void aTruncateStartsANewStep() {
        List<NetChanges.Step> steps =
                NetChanges.reduce(List.of(upsert(1, 1, true), truncate(), upsert(2, 2, true)));
        assertEquals(3, steps.size());
        assertTrue(steps.get(1).truncate());
    }

    /** Net apply ends in the same table as one-by-one apply, on random change streams. */
    @Test
    void netApplyEqualsOneByOneApplyOnRandomStreams() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            Map<Integer, Integer> start = new HashMap<>();
            for (int id = 0; id < 8; id++) {
                if (random.nextBoolean()) {
                    start.put(id, -id);
                }
            }
            Map<Integer, Integer> model = new HashMap<>(start);
            List<Change> changes = new ArrayList<>();
            for (int i = 0; i < random.nextInt(30); i++) {
                int id = random.nextInt(8);
                int roll = random.nextInt(20);
                if (roll == 0) {
                    changes.add(truncate());
                    model.clear();
                } else if (!model.containsKey(id)) {
                    changes.add(upsert(id, i, true));
                    model.put(id, i);
                } else if (roll < 8) {
                    changes.add(delete(id));
                    model.remove(id);
                } else {
                    changes.add(upsert(id, i, false));
                    model.put(id, i);
                }
            }
            Map<Integer, Integer> table = new HashMap<>(start);
            for (NetChanges.Step step : NetChanges.reduce(changes)) {
                if (step.truncate()) {
                    table.clear();
                }
                Set<Integer> seen = new HashSet<>();
                step.deletes().forEach(c -> table.remove((Integer) c.key().get(0)));
                for (Change c : step.upserts()) {
                    int id = (Integer) c.key().get(0);
                    assertTrue(seen.add(id), "one upsert per key in a step");
                    if (c.insert()) {
                        assertFalse(table.containsKey(id), "a row marked new exists: " + changes);
                    }
                    table.put(id, c.row().getInt32("v"));
                }
            }
            assertEquals(model, table, "changes " + changes);
        }
    }
}
