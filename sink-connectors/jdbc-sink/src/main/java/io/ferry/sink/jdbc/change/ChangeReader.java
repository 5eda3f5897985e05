package io.ferry.sink.jdbc.change;

import io.ferry.common.ChangeRecord;
import io.ferry.common.TableId;
import io.ferry.common.TargetTableFilter;
import io.ferry.sink.jdbc.TableNameFormat;
import io.ferry.sink.jdbc.change.Change.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a record as the row changes it makes to its target table. A record it cannot read (no
 * schema, no key where one is needed) raises {@link DataException}, which the task reports as a bad
 * record.
 */
public final class ChangeReader {
    private final TableNameFormat tableNames;
    private final String targetSchema;
    private final String defaultSchema;
    private final KeyColumns keyColumns;
    private final TargetTableFilter targetTables;
    private final Predicate<TableId> controlTable;
    private final Map<TableKey, TableId> tables = new HashMap<>();

    private record TableKey(String topic, Optional<TableId> source) {}

    /**
     * @param targetSchema the schema every table goes to, or empty to use the SMT's choice
     * @param defaultSchema the connection's schema, for records nobody named a schema for
     * @param targetTables the tables records may be written to
     * @param controlTable the sink's own tables, which no record may be written to
     */
    public ChangeReader(
            TableNameFormat tableNames,
            String targetSchema,
            String defaultSchema,
            List<String> primaryKeyFields,
            TargetTableFilter targetTables,
            Predicate<TableId> controlTable) {
        this.tableNames = tableNames;
        this.targetSchema = targetSchema;
        this.defaultSchema = defaultSchema;
        this.keyColumns = new KeyColumns(primaryKeyFields);
        this.targetTables = targetTables;
        this.controlTable = controlTable;
    }

    /**
     * The changes a record makes; a record bound for a table it may not write (the sink's own
     * offsets, preparations or exceptions, or one the include list leaves out) is refused.
     */
    public List<Change> read(SinkRecord record) {
        ChangeRecord change = ChangeRecord.of(record);
        TableId table = table(record, change);
        if (controlTable.test(table)) {
            throw new DataException(
                    "the record is bound for "
                            + table
                            + ", which may be a control table of this sink or another");
        }
        targetTables.check(table);
        List<String> keys = keyColumns.names(record.keySchema());
        return switch (change.operation()) {
            case READ, CREATE -> List.of(upsert(record, table, change, keys, true));
            case UPDATE -> update(record, table, change, keys);
            case DELETE -> delete(record, table, change, keys);
            case TRUNCATE ->
                    List.of(new Change(record, table, Kind.TRUNCATE, null, null, List.of(), false));
            case MESSAGE -> List.of();
            case PREPARE -> prepare(record, table);
        };
    }

    /** The table's shape, from the announcement's row schema: no row to write; none without one. */
    private static List<Change> prepare(SinkRecord record, TableId table) {
        org.apache.kafka.connect.data.Field after =
                record.valueSchema() == null
                        ? null
                        : record.valueSchema().field(io.ferry.common.DebeziumEnvelope.AFTER);
        if (after == null
                || after.schema().type() != org.apache.kafka.connect.data.Schema.Type.STRUCT) {
            return List.of(); // schemaless: nothing to shape a table by
        }
        return List.of(
                new Change(
                        record,
                        table,
                        Kind.PREPARE,
                        new Struct(after.schema()),
                        null,
                        List.of(),
                        false));
    }

    /** The key column names records of this key schema give their table. */
    public List<String> keyNames(SinkRecord record) {
        return keyColumns.names(record.keySchema());
    }

    /** The key columns' schemas for a record, from its row or its key. */
    public org.apache.kafka.connect.data.Schema keySchema(
            String column, Struct row, SinkRecord record) {
        return keyColumns.schema(column, row, record.keySchema());
    }

    private TableId table(SinkRecord record, ChangeRecord change) {
        if (change.target().isPresent()) {
            TableId mapped = change.target().get();
            return new TableId(
                    targetSchema.isEmpty() ? mapped.schema() : targetSchema, mapped.table());
        }
        // One table per topic and source table; the template runs once for each.
        return tables.computeIfAbsent(
                new TableKey(record.topic(), change.source()),
                key ->
                        new TableId(
                                targetSchema.isEmpty() ? defaultSchema : targetSchema,
                                tableNames.format(key.topic(), key.source())));
    }

    private Change upsert(
            SinkRecord record,
            TableId table,
            ChangeRecord change,
            List<String> keys,
            boolean insert) {
        Struct after = struct(change.after(), record);
        return new Change(
                record,
                table,
                Kind.UPSERT,
                after,
                null,
                keyColumns.values(keys, after, change.key()),
                insert);
    }

    private List<Change> update(
            SinkRecord record, TableId table, ChangeRecord change, List<String> keys) {
        Struct after = struct(change.after(), record);
        Struct before = change.before() == null ? null : struct(change.before(), record);
        List<Object> newKey = keyColumns.values(keys, after, change.key());
        if (before != null && !keys.isEmpty()) {
            List<Object> oldKey = keyColumns.values(keys, before, null);
            if (!sameKey(oldKey, newKey)) {
                return List.of(
                        new Change(record, table, Kind.DELETE, before, null, oldKey, false),
                        new Change(record, table, Kind.UPSERT, after, null, newKey, false));
            }
        }
        return List.of(new Change(record, table, Kind.UPSERT, after, before, newKey, false));
    }

    private List<Change> delete(
            SinkRecord record, TableId table, ChangeRecord change, List<String> keys) {
        Struct before = change.before() == null ? null : struct(change.before(), record);
        if (keys.isEmpty() && before == null) {
            // A tombstone for a table without a key: the delete event before it did the work.
            return List.of();
        }
        return List.of(
                new Change(
                        record,
                        table,
                        Kind.DELETE,
                        before,
                        null,
                        keyColumns.values(keys, before, change.key()),
                        false));
    }

    private static boolean sameKey(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.deepEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Struct struct(Object image, SinkRecord record) {
        if (image instanceof Struct struct) {
            return struct;
        }
        throw new DataException(
                image == null
                        ? "the change has no row image"
                        : "the JDBC sink needs records with a schema (a Struct value); use a"
                                + " converter with schemas, e.g. Avro or JsonConverter with"
                                + " schemas.enable=true (topic "
                                + record.topic()
                                + ")");
    }
}
