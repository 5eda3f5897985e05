package io.ferry.sink.dynamodb;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records sent to the DLQ, awaited before offsets commit. Connect awaits only the reports made
 * before it calls {@code preCommit}, and none that failed at once (a missing or forbidden topic),
 * so a refusal met while the writers drain, or a report that failed, could otherwise be passed by
 * the offsets while the record is neither in DynamoDB nor in the DLQ. A failed report fails the
 * task. Records refused on a writer thread reach Connect's reporter from the task's thread (it
 * keeps its futures in structures not made for other threads).
 */
final class DeferredRejections {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredRejections.class);

    private final Queue<Map.Entry<SinkRecord, RuntimeException>> refused =
            new ConcurrentLinkedQueue<>();
    private final List<Future<Void>> reports = new ArrayList<>();
    private final BiFunction<SinkRecord, RuntimeException, Future<Void>> reporter;
    private ConnectException failure;

    DeferredRejections(BiFunction<SinkRecord, RuntimeException, Future<Void>> reporter) {
        this.reporter = reporter;
    }

    /** From any thread: this record is to go to the DLQ. */
    void add(SinkRecord record, RuntimeException error) {
        refused.add(new AbstractMap.SimpleImmutableEntry<>(record, error));
    }

    /** On the task's thread: a report made there, to be awaited. */
    void reported(Future<Void> report) {
        if (!report.isDone()) {
            reports.add(report);
        } else {
            settled(report);
        }
    }

    /**
     * On the task's thread: hands what was refused to Connect's reporter.
     *
     * @throws ConnectException a report failed, now or before: the task must stop
     */
    void report() {
        if (failure != null) {
            throw failure;
        }
        for (Map.Entry<SinkRecord, RuntimeException> next; (next = refused.peek()) != null; ) {
            Future<Void> report;
            try {
                report = reporter.apply(next.getKey(), next.getValue());
            } catch (RuntimeException e) {
                // Kept: the task stops, and its closing commit must not pass the record.
                failure = new ConnectException("Reporting a refused record failed", e);
                throw failure;
            }
            refused.poll();
            reported(report);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * On the task's thread: reports what was refused and waits until the DLQ holds every record
     * reported.
     *
     * @return false when a report failed, now or before: no offset may commit again, and the next
     *     put fails the task
     */
    boolean awaitReported() {
        try {
            report();
            for (Future<Void> report : reports) {
                settled(report);
            }
        } catch (ConnectException e) {
            return false;
        } finally {
            reports.clear();
        }
        return failure == null;
    }

    /** Waits for a report; a failed one is kept as the task's failure. */
    private void settled(Future<Void> report) {
        try {
            report.get();
        } catch (ExecutionException e) {
            if (failure == null) {
                failure =
                        new ConnectException(
                                "A record could not be sent to the dead letter queue: "
                                        + e.getCause().getMessage(),
                                e.getCause());
                LOG.error("{}", failure.getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Kept: the reports not awaited may not be passed by a later commit.
            failure = new ConnectException("Interrupted while awaiting dead letter reports", e);
            throw failure;
        }
    }
}
