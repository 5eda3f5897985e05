package io.ferry.sink.jdbc.apply;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.LoadRestarts;
import io.ferry.common.Operation;
import io.ferry.common.TableId;
import io.ferry.sink.jdbc.change.Change;
import io.ferry.sink.jdbc.change.ChangeReader;
import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A batch of records read as changes: per table in order, per record in order (to isolate a bad
 * one), the shape of each table its rows give (none for a table the batch only truncates), and the
 * records that could not be read at all.
 */
final class Batch {
    /** One record's changes (none, one, or two for a key change). */
    record RecordChanges(SinkRecord record, List<Change> changes) {}

    /** A record that is not a change this sink can read, and why. */
    record Unreadable(SinkRecord record, RuntimeException error) {}

    final Map<TableId, List<Change>> byTable = new LinkedHashMap<>();
    final Map<TableId, TableSpec> specs = new LinkedHashMap<>();
    final List<RecordChanges> ordered = new ArrayList<>();
    final List<Unreadable> unreadable = new ArrayList<>();

    /**
     * @param columnCheck throws a {@link org.apache.kafka.connect.errors.DataException} for a
     *     column the target has no type for: its record cannot be written, and must not fail the
     *     others by failing its table's creation
     */
    static Batch read(
            List<SinkRecord> records,
            ChangeReader reader,
            java.util.function.Consumer<Column> columnCheck) {
        Batch batch = new Batch();
        Map<TableId, TableSpec.Builder> builders = new LinkedHashMap<>();
        // By identity, as TableSpec does: a schema's hash is computed anew on every call.
        Set<org.apache.kafka.connect.data.Schema> checked =
                Collections.newSetFromMap(new IdentityHashMap<>());
        for (SinkRecord record : records) {
            List<Change> changes;
            try {
                changes = reader.read(record);
                for (Change change : changes) {
                    for (org.apache.kafka.connect.data.Struct image :
                            java.util.Arrays.asList(change.row(), change.before())) {
                        if (image != null && !checked.contains(image.schema())) {
                            for (org.apache.kafka.connect.data.Field field :
                                    image.schema().fields()) {
                                columnCheck.accept(new Column(field.name(), field.schema()));
                            }
                            checked.add(image.schema());
                        }
                    }
                }
                for (Change change : changes) {
                    if (change.kind() == Change.Kind.TRUNCATE) {
                        continue; // no row, no key: it must not shape (or create) the table
                    }
                    TableSpec.Builder builder =
                            builders.computeIfAbsent(change.table(), TableSpec.Builder::new);
                    builder.keys(reader.keyNames(record)).row(change.row()).row(change.before());
                    for (String key : builder.keyColumns()) {
                        if (!builder.has(key)) {
                            builder.column(key, reader.keySchema(key, change.row(), record));
                        }
                    }
                }
            } catch (RuntimeException e) {
                batch.unreadable.add(new Unreadable(record, e));
                continue;
            }
            for (Change change : changes) {
                batch.byTable.computeIfAbsent(change.table(), t -> new ArrayList<>()).add(change);
            }
            batch.ordered.add(new RecordChanges(record, changes));
        }
        builders.forEach((table, builder) -> batch.specs.put(table, builder.build()));
        return batch;
    }

    /**
     * Resolves the tables' announcements once the tables are ready: one shapes its table, which is
     * then made ready with the others; one that starts its table's load over ({@link LoadRestarts},
     * from each partition's {@code stored} state and the records before it) empties what the
     * unfinished load wrote, in order, as a truncate would — unless {@code empties} is false
     * ({@code DO_NOTHING}): such tables are given to {@code kept}.
     *
     * @return each partition's state after the batch
     */
    Map<TopicPartition, Integer> resolveAnnouncements(
            Map<TopicPartition, Integer> stored, boolean empties, Consumer<TableId> kept) {
        Map<TopicPartition, Integer> states = new HashMap<>();
        Set<Change> restarts = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RecordChanges item : ordered) {
            SinkRecord record = item.record();
            TopicPartition partition =
                    new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            int state = states.getOrDefault(partition, stored.getOrDefault(partition, 0));
            boolean announcement = false;
            for (Change change : item.changes()) {
                if (change.kind() == Change.Kind.PREPARE) {
                    announcement = true;
                    if (LoadRestarts.restarts(state) && empties) {
                        restarts.add(change);
                    } else if (LoadRestarts.restarts(state)) {
                        kept.accept(change.table());
                    }
                }
            }
            if (announcement) {
                state = LoadRestarts.afterAnnouncement(state);
            } else if (!item.changes().isEmpty()) {
                state = LoadRestarts.ROWS;
            }
            states.put(partition, state);
        }
        byTable.replaceAll((table, changes) -> resolved(changes, restarts));
        byTable.values().removeIf(List::isEmpty);
        ordered.replaceAll(
                item -> new RecordChanges(item.record(), resolved(item.changes(), restarts)));
        return states;
    }

    private static List<Change> resolved(List<Change> changes, Set<Change> restarts) {
        List<Change> out = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.kind() != Change.Kind.PREPARE) {
                out.add(change);
            } else if (restarts.contains(change)) {
                out.add(
                        new Change(
                                change.record(),
                                change.table(),
                                Change.Kind.TRUNCATE,
                                null,
                                null,
                                List.of(),
                                false));
            }
        }
        return out;
    }

    /**
     * True when every record is a full-load row (Debezium {@code op=r}); CDC inserts are not, so
     * their foreign keys and triggers are never skipped.
     */
    boolean fullLoadOnly() {
        return unreadable.isEmpty()
                && !ordered.isEmpty()
                && ordered.stream().allMatch(r -> isSnapshotRead(r.record()));
    }

    private static boolean isSnapshotRead(SinkRecord record) {
        Object value = record.value();
        return value != null
                && DebeziumEnvelope.isEnvelope(value)
                && DebeziumEnvelope.operation(value) == Operation.READ;
    }
}
