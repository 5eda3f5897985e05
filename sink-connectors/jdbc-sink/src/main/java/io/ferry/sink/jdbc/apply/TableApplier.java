package io.ferry.sink.jdbc.apply;

import io.ferry.common.UnavailableValues;
import io.ferry.sink.jdbc.change.Change;
import io.ferry.sink.jdbc.change.NetChanges;
import io.ferry.sink.jdbc.dialect.Dialect;
import io.ferry.sink.jdbc.dialect.RowWriter;
import io.ferry.sink.jdbc.table.Column;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;

/**
 * Applies one table's changes through the dialect's row writer, inside the caller's transaction:
 * set-based as net changes per key, or in order one change at a time. A table without a key has no
 * net change: its rows are appended, and updates and deletes find one row equal to the before
 * image.
 */
final class TableApplier {
    private final Dialect dialect;
    private final RowWriter writer;

    TableApplier(Dialect dialect) {
        this.dialect = dialect;
        this.writer = dialect.rowWriter();
    }

    /** Net change per key, then deletes and upserts each as one set-based statement. */
    void applyNet(Connection connection, TableSpec spec, List<Change> changes) throws SQLException {
        if (!spec.hasKey()) {
            applyInOrder(connection, spec, changes);
            return;
        }
        for (NetChanges.Step step : NetChanges.reduce(changes)) {
            if (step.truncate()) {
                writer.deleteAll(connection, spec);
                continue;
            }
            if (!step.deletes().isEmpty()) {
                writer.delete(connection, spec, keys(step.deletes()));
            }
            List<Change> whole = new ArrayList<>();
            for (Change change : step.upserts()) {
                List<String> missing = UnavailableValues.fields(change.row());
                if (missing.isEmpty()) {
                    whole.add(change);
                } else {
                    updateCarried(connection, spec, change, missing);
                }
            }
            if (!whole.isEmpty()) {
                upsert(connection, spec, rows(spec, whole), step.insertsOnly());
            }
        }
    }

    /** Each change on its own, in order. */
    void applyInOrder(Connection connection, TableSpec spec, List<Change> changes)
            throws SQLException {
        List<Object[]> inserts = new ArrayList<>();
        for (Change change : changes) {
            boolean append =
                    !spec.hasKey()
                            && change.kind() == Change.Kind.UPSERT
                            && change.before() == null;
            if (append) {
                inserts.add(spec.row(change.row()));
                continue;
            }
            flushInserts(connection, spec, inserts);
            applyOne(connection, spec, change);
        }
        flushInserts(connection, spec, inserts);
    }

    private void applyOne(Connection connection, TableSpec spec, Change change)
            throws SQLException {
        switch (change.kind()) {
            case TRUNCATE -> writer.deleteAll(connection, spec);
            case DELETE -> {
                if (spec.hasKey()) {
                    writer.delete(connection, spec, List.<Object[]>of(change.key().toArray()));
                } else if (change.row() != null) {
                    writer.deleteMatching(connection, spec, spec.row(change.row()));
                }
            }
            case UPSERT -> {
                List<String> missing = UnavailableValues.fields(change.row());
                if (!missing.isEmpty() && spec.hasKey()) {
                    updateCarried(connection, spec, change, missing);
                } else if (!missing.isEmpty()) {
                    throw new DataException(
                            "the change to "
                                    + spec.table()
                                    + " (no key) does not carry "
                                    + missing
                                    + " (unchanged in the source log); without a key the row"
                                    + " cannot be updated in place");
                } else if (spec.hasKey()) {
                    upsert(
                            connection,
                            spec,
                            List.<Object[]>of(spec.row(change.row())),
                            change.insert());
                } else if (writer.updateMatching(
                                connection, spec, spec.row(change.before()), spec.row(change.row()))
                        == 0) {
                    throw new SQLException(
                            "no row of " + spec.table() + " equals the update's before image",
                            "02000");
                }
            }
        }
    }

    /**
     * An update that does not carry some columns (Debezium's placeholder: unchanged in the source
     * log) sets only the others, so the target keeps its values; the row must be there.
     */
    private void updateCarried(
            Connection connection, TableSpec spec, Change change, List<String> missing)
            throws SQLException {
        Object[] row = spec.row(change.row());
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < spec.columns().size(); i++) {
            Column column = spec.columns().get(i);
            boolean carried =
                    change.row().schema().field(column.name()) != null
                            && !missing.contains(column.name());
            if (carried && !spec.isKey(column.name())) {
                columns.add(column);
                values.add(row[i]);
            }
        }
        if (columns.isEmpty()) {
            // Nothing but the key to set: set it to itself, to learn whether the row is there.
            columns.add(spec.keys().get(0));
            values.add(change.key().get(0));
        }
        Object[] key = change.key().toArray();
        if (writer.updateColumns(connection, spec, columns, values.toArray(), key) == 0) {
            throw new DataException(
                    "the row with key "
                            + change.key()
                            + " is not in "
                            + spec.table()
                            + ", and the change does not carry "
                            + missing
                            + " (unchanged in the source log): it cannot be written whole");
        }
    }

    private void flushInserts(Connection connection, TableSpec spec, List<Object[]> inserts)
            throws SQLException {
        if (!inserts.isEmpty()) {
            writer.insert(connection, spec, inserts);
            inserts.clear();
        }
    }

    /**
     * New rows try the plain insert path first (COPY, multi-row INSERT); a key that exists after
     * all rolls back to the savepoint and the rows are upserted instead.
     */
    private void upsert(Connection connection, TableSpec spec, List<Object[]> rows, boolean fresh)
            throws SQLException {
        if (!fresh) {
            writer.upsert(connection, spec, rows);
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            writer.insert(connection, spec, rows);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!dialect.isDuplicateKey(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            writer.upsert(connection, spec, rows);
        }
    }

    private static List<Object[]> keys(List<Change> changes) {
        List<Object[]> keys = new ArrayList<>(changes.size());
        for (Change change : changes) {
            keys.add(change.key().toArray());
        }
        return keys;
    }

    private static List<Object[]> rows(TableSpec spec, List<Change> changes) {
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (Change change : changes) {
            rows.add(spec.row(change.row()));
        }
        return rows;
    }
}
