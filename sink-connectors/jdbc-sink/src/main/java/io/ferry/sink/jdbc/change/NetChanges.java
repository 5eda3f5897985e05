package io.ferry.sink.jdbc.change;

import io.ferry.common.UnavailableValues;
import io.ferry.sink.jdbc.change.Change.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Reduces one table's changes, in order, to the net change per key (DMS batch apply): the last
 * change of each key wins, taking from the one before it any column it does not carry (Debezium's
 * unavailable-value placeholder). A truncate splits the changes into steps, since what came before
 * it is gone. A pure function: no I/O, so it is checked against one-by-one apply in tests.
 */
public final class NetChanges {
    private NetChanges() {}

    /** One set-based step: delete these keys, then upsert these rows. */
    public record Step(boolean truncate, List<Change> deletes, List<Change> upserts) {
        /** True when every upsert is of a row that did not exist before the batch. */
        public boolean insertsOnly() {
            return deletes.isEmpty() && upserts.stream().allMatch(Change::insert);
        }
    }

    public static List<Step> reduce(List<Change> changes) {
        List<Step> steps = new ArrayList<>();
        Map<List<Object>, Change> last = new LinkedHashMap<>();
        Map<List<Object>, Boolean> existedBefore = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.kind() == Kind.TRUNCATE) {
                addStep(steps, last);
                steps.add(new Step(true, List.of(), List.of()));
                last.clear();
                existedBefore.clear();
                continue;
            }
            List<Object> key = hashable(change.key());
            // A row is new only if the first change this batch makes to its key inserts it.
            boolean isNew =
                    existedBefore.computeIfAbsent(key, k -> !change.insert()) == Boolean.FALSE;
            Change previous = last.get(key);
            if (previous != null
                    && previous.kind() == Kind.DELETE
                    && change.kind() == Kind.UPSERT
                    && !UnavailableValues.fields(change.row()).isEmpty()) {
                // The row the delete removes must be gone before this update, which keeps the
                // columns it lacks from the row it finds: none, so it is refused.
                addStep(steps, last);
                last.clear();
                existedBefore.clear();
                previous = null;
            }
            // A column the change does not carry keeps the value the key's earlier change set.
            Struct row =
                    change.kind() == Kind.UPSERT
                                    && previous != null
                                    && previous.kind() == Kind.UPSERT
                            ? UnavailableValues.fill(change.row(), previous.row())
                            : change.row();
            Change net =
                    change.kind() == Kind.UPSERT
                                    && (change.insert() != isNew || row != change.row())
                            ? new Change(
                                    change.record(),
                                    change.table(),
                                    change.kind(),
                                    row,
                                    change.before(),
                                    change.key(),
                                    isNew)
                            : change;
            last.remove(key);
            last.put(key, net);
        }
        addStep(steps, last);
        return steps;
    }

    private static void addStep(List<Step> steps, Map<List<Object>, Change> last) {
        if (last.isEmpty()) {
            return;
        }
        List<Change> deletes = new ArrayList<>();
        List<Change> upserts = new ArrayList<>();
        for (Change change : last.values()) {
            (change.kind() == Kind.DELETE ? deletes : upserts).add(change);
        }
        steps.add(new Step(false, deletes, upserts));
    }

    /** Byte arrays compare by identity; wrap them so equal keys are equal. */
    private static List<Object> hashable(List<Object> key) {
        List<Object> out = new ArrayList<>(key.size());
        for (Object value : key) {
            out.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
        }
        return out;
    }
}
