package io.ferry.sink.jdbc.apply;

import io.ferry.common.SinkTasks;
import io.ferry.common.TableId;
import io.ferry.sink.jdbc.table.ControlTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a change the target refuses goes. With {@code errors.tolerance=all}: to Connect's errant
 * record reporter (the DLQ, with the original record) and to the apply-exceptions table, inside the
 * batch's transaction; the batch commits only after the DLQ has the records. Otherwise the task
 * stops with a message naming the table and key.
 */
public final class Rejections {
    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private final boolean tolerate;
    private final ErrantRecordReporter reporter;
    private final ControlTables control;
    private final boolean recordExceptions;
    private final String taskName;
    private final List<Future<Void>> pending = new ArrayList<>();

    /** Reported already: a batch retried after a lost connection does not report twice. */
    private final Set<String> reported = new HashSet<>();

    public Rejections(
            boolean tolerate,
            ErrantRecordReporter reporter,
            ControlTables control,
            boolean recordExceptions,
            String taskName) {
        this.tolerate = tolerate;
        this.reporter = reporter;
        this.control = control;
        this.recordExceptions = recordExceptions;
        this.taskName = taskName;
    }

    /** Rejects one record's change, or stops the task when errors are not tolerated. */
    public void reject(
            Connection connection, SinkRecord record, TableId table, String change, Exception error)
            throws SQLException {
        String where = SinkTasks.where(record);
        if (!tolerate) {
            throw new ConnectException(
                    "Cannot apply " + change + " (record " + where + "): " + error.getMessage(),
                    error);
        }
        LOG.warn("Rejected {} (record {}): {}", change, where, error.getMessage());
        if (reporter != null && reported.add(where)) {
            pending.add(reporter.report(record, error));
        }
        if (recordExceptions) {
            control.recordException(
                    connection,
                    taskName,
                    table,
                    change,
                    error.getMessage(),
                    new TopicPartition(record.topic(), record.kafkaPartition()),
                    record.kafkaOffset());
        }
    }

    /** Waits until the DLQ holds every reported record; call before committing. */
    public void awaitReported() {
        try {
            for (Future<Void> future : pending) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reporting rejected records", e);
        } catch (ExecutionException e) {
            throw new ConnectException("Could not report rejected records", e.getCause());
        } finally {
            pending.clear();
        }
    }

    /** The batch committed: nothing it reported will be retried. */
    public void committed() {
        reported.clear();
    }
}
