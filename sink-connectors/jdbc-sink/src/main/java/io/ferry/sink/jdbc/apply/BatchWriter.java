package io.ferry.sink.jdbc.apply;

import io.ferry.common.TableId;
import io.ferry.sink.jdbc.change.Change;
import io.ferry.sink.jdbc.change.ChangeReader;
import io.ferry.sink.jdbc.dialect.Dialect;
import io.ferry.sink.jdbc.table.AppliedPosition;
import io.ferry.sink.jdbc.table.ControlTables;
import io.ferry.sink.jdbc.table.TableManager;
import io.ferry.sink.jdbc.table.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of records and the Kafka offsets they end at in a single database transaction,
 * so the target holds each change exactly once whatever stops the task. A batch the target refuses
 * is rolled back and applied again one record at a time, each in a savepoint, to single out the
 * records at fault; transient errors are left to the caller to retry.
 */
public final class BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final Dialect dialect;
    private final ChangeReader reader;
    private final TableManager tables;
    private final ControlTables control;
    private final Rejections rejections;
    private final TableApplier applier;
    private final boolean batchApply;
    private final boolean relaxForLoad;

    public BatchWriter(
            Dialect dialect,
            ChangeReader reader,
            TableManager tables,
            ControlTables control,
            Rejections rejections,
            boolean batchApply,
            boolean relaxForLoad) {
        this.dialect = dialect;
        this.reader = reader;
        this.tables = tables;
        this.control = control;
        this.rejections = rejections;
        this.applier = new TableApplier(dialect);
        this.batchApply = batchApply;
        this.relaxForLoad = relaxForLoad;
    }

    /**
     * Applies {@code records} and records {@code nextOffsets} (and where the partitions reached in
     * the source, {@code positions}, and between loads, {@code announceStates}: updated once
     * committed), committed together. Whatever fails, the transaction is rolled back before this
     * returns, so nothing of a failed batch can be committed later by another statement on the
     * connection (a DDL, the next offsets read).
     *
     * @throws SQLException an error of the database or its environment, not of a record (lost
     *     connection, timeout, permission, disk full, missing table): nothing was committed, retry
     * @throws OwnershipLostException another task owns some of the partitions now: nothing was
     *     committed
     */
    public void write(
            Connection connection,
            List<SinkRecord> records,
            Map<TopicPartition, Long> nextOffsets,
            Map<TopicPartition, AppliedPosition> positions,
            Map<TopicPartition, Integer> announceStates)
            throws SQLException {
        Batch batch =
                Batch.read(
                        records,
                        reader,
                        column -> {
                            try {
                                dialect.columnType(column, false);
                            } catch (org.apache.kafka.connect.errors.DataException e) {
                                throw new org.apache.kafka.connect.errors.DataException(
                                        "column " + column.name() + ": " + e.getMessage(), e);
                            }
                        });
        boolean relaxed = relaxForLoad && batch.fullLoadOnly();
        try {
            for (TableSpec spec : batch.specs.values()) {
                tables.ready(connection, spec);
            }
            Map<TopicPartition, Integer> states =
                    batch.resolveAnnouncements(
                            announceStates,
                            tables.emptiesOnReload(),
                            table ->
                                    LOG.warn(
                                            "The load of {} starts over; with"
                                                    + " target.table.prep.mode=DO_NOTHING the rows"
                                                    + " its earlier attempt wrote stay, also those"
                                                    + " the source has deleted since",
                                            table));
            relax(connection, relaxed);
            try {
                applyAll(connection, batch);
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                if (e instanceof SQLException sql && !dialect.isRecordError(sql)) {
                    throw sql;
                }
                LOG.warn(
                        "A batch of {} records failed ({}); applying them one at a time to find"
                                + " the ones at fault",
                        records.size(),
                        e.getMessage());
                relax(connection, relaxed); // a rollback ends PostgreSQL's SET LOCAL
                isolate(connection, batch);
            }
            for (Batch.Unreadable bad : batch.unreadable) {
                rejections.reject(
                        connection, bad.record(), null, "record " + describe(bad), bad.error());
            }
            Set<TopicPartition> lost = control.saveOffsets(connection, nextOffsets, positions);
            if (!lost.isEmpty()) {
                throw new OwnershipLostException(lost);
            }
            control.saveAnnounceStates(connection, states);
            rejections.awaitReported();
            connection.commit();
            rejections.committed();
            announceStates.putAll(states);
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            if (relaxed) {
                dialect.relaxConstraints(connection, false);
            }
        }
    }

    private void relax(Connection connection, boolean relaxed) throws SQLException {
        if (relaxed) {
            dialect.relaxConstraints(connection, true);
        }
    }

    /** Rolls back, keeping the error that led here: a lost connection cannot roll back either. */
    private void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rolling back failed; the connection will be replaced", e);
        }
        dialect.rowWriter().reset();
    }

    private void applyAll(Connection connection, Batch batch) throws SQLException {
        for (Map.Entry<TableId, List<Change>> entry : batch.byTable.entrySet()) {
            TableSpec spec = spec(connection, batch, entry.getKey());
            if (spec == null) {
                continue;
            }
            for (Change change : entry.getValue()) {
                ScaleCheck.check(spec, change, tables.decimalScales(spec.table()));
            }
            if (batchApply) {
                applier.applyNet(connection, spec, entry.getValue());
            } else {
                applier.applyInOrder(connection, spec, entry.getValue());
            }
        }
    }

    /** Every record on its own, in order; the ones the target refuses are rejected. */
    private void isolate(Connection connection, Batch batch) throws SQLException {
        for (Batch.RecordChanges item : batch.ordered) {
            Savepoint savepoint = connection.setSavepoint();
            Change current = null;
            try {
                for (Change change : item.changes()) {
                    current = change;
                    TableSpec spec = spec(connection, batch, change.table());
                    if (spec == null) {
                        continue;
                    }
                    ScaleCheck.check(spec, change, tables.decimalScales(spec.table()));
                    applier.applyInOrder(connection, spec, List.of(change));
                }
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException sql && !dialect.isRecordError(sql)) {
                    throw sql; // not this record's fault: it must not go to the DLQ
                }
                connection.rollback(savepoint);
                dialect.rowWriter().reset();
                rejections.reject(connection, item.record(), current.table(), describe(current), e);
            }
        }
    }

    /**
     * The table's shape from the batch's rows; for a table the batch only truncates, the table as
     * it is — or null when it does not exist, since emptying a table never written is a no-op.
     */
    private TableSpec spec(Connection connection, Batch batch, TableId table) throws SQLException {
        TableSpec spec = batch.specs.get(table);
        if (spec != null) {
            return spec;
        }
        return tables.exists(connection, table) ? new TableSpec(table, List.of(), List.of()) : null;
    }

    private static String describe(Change change) {
        return change.kind() + " " + change.table() + " key " + change.key();
    }

    private static String describe(Batch.Unreadable bad) {
        return bad.record().topic()
                + "-"
                + bad.record().kafkaPartition()
                + "@"
                + bad.record().kafkaOffset();
    }
}
