package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DeferredRejectionsTest {
    private static final SinkRecord RECORD =
            new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "v", 7);

    @Test
    void aReportStillOnItsWayIsAwaitedBeforeOffsetsReturn() {
        CompletableFuture<Void> report = new CompletableFuture<>();
        List<SinkRecord> reported = new ArrayList<>();
        DeferredRejections deferred =
                new DeferredRejections(
                        (record, error) -> {
                            reported.add(record);
                            return report;
                        });
        deferred.add(RECORD, new IllegalStateException("refused"));
        deferred.report();
        assertEquals(List.of(RECORD), reported);
        CompletableFuture.runAsync(() -> report.complete(null));
        assertTrue(deferred.awaitReported());
        assertTrue(report.isDone());
    }

    @Test
    void aReporterThatThrowsStopsEveryLaterCommitAndPut() {
        DeferredRejections deferred =
                new DeferredRejections(
                        (record, error) -> {
                            throw new KafkaException("the producer is closed");
                        });
        deferred.add(RECORD, new IllegalStateException("refused"));
        assertThrowsExactly(ConnectException.class, deferred::report);
        assertFalse(deferred.awaitReported());
        assertThrowsExactly(ConnectException.class, deferred::report);
    }

    @Test
    void aReportThatFailedAtOnceStopsEveryLaterCommitAndPut() {
        DeferredRejections deferred = new DeferredRejections((record, error) -> null);
        deferred.reported(CompletableFuture.failedFuture(new KafkaException("no such topic")));
        assertFalse(deferred.awaitReported());
        assertFalse(deferred.awaitReported());
        assertThrowsExactly(ConnectException.class, deferred::report);
    }
}
