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
 * Records DynamoDB refused on a writer thread. They reach Connect's errant-record reporter from the
 * task's thread (the reporter keeps its futures in structures not made for other threads), and are
 * awaited before offsets commit: Connect awaits only the reports made before it calls {@code
 * preCommit}, so a refusal met while the writers drain would otherwise still be on its way to the
 * DLQ when the offsets pass it.
 */
final class DeferredRejections {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredRejections.class);

    private final Queue<Map.Entry<SinkRecord, RuntimeException>> refused =
            new ConcurrentLinkedQueue<>();
    private final List<Future<Void>> reports = new ArrayList<>();
    private final BiFunction<SinkRecord, RuntimeException, Future<Void>> reporter;

    DeferredRejections(BiFunction<SinkRecord, RuntimeException, Future<Void>> reporter) {
        this.reporter = reporter;
    }

    /** From any thread: this record is to go to the DLQ. */
    void add(SinkRecord record, RuntimeException error) {
        refused.add(new AbstractMap.SimpleImmutableEntry<>(record, error));
    }

    /** On the task's thread: hands what was refused to Connect's reporter. */
    void report() {
        for (Map.Entry<SinkRecord, RuntimeException> next; (next = refused.poll()) != null; ) {
            reports.add(reporter.apply(next.getKey(), next.getValue()));
        }
    }

    /**
     * On the task's thread: reports what was refused and waits until the DLQ holds it.
     *
     * @return false when a report failed: no offset may commit (Connect fails the task at its next
     *     put, having seen the same failure)
     */
    boolean awaitReported() {
        report();
        try {
            for (Future<Void> report : reports) {
                report.get();
            }
            return true;
        } catch (ExecutionException e) {
            LOG.error("A refused record could not be sent to the dead letter queue", e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while awaiting dead letter reports", e);
        } finally {
            reports.removeIf(Future::isDone);
        }
    }
}
