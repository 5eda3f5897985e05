package io.ferry.source;

import io.ferry.common.ChangeRecord;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.TableId;
import io.ferry.source.fullload.FullLoadSourceTask;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A parallel-load task's progress in the DMS source's metrics, as capture's is: each table's rows
 * counted once Kafka has them, the table completed once this task has read its segments and Kafka
 * has every row of them, the task's load complete once all its tables are — in {@code full-load};
 * before CDC the task stays {@code LOADING}, as the migration is until capture's tasks take over.
 */
final class LoadProgress {
    private final FullLoadSourceTask load;
    private final CaptureMetrics metrics;
    private final boolean thenCaptures;
    private final Set<TableId> tables;

    /** Per table, rows given to Connect and not yet acknowledged. */
    private final Map<TableId, AtomicLong> pending = new ConcurrentHashMap<>();

    /** Tables found completed (on the polling thread). */
    private final Set<TableId> completed = new HashSet<>();

    /**
     * @param thenCaptures whether capture follows the load (the connector hands over once every
     *     task has loaded): the task's state stays LOADING until then, so no one takes the
     *     migration for caught up before capture has begun
     */
    LoadProgress(FullLoadSourceTask load, CaptureMetrics metrics, boolean thenCaptures) {
        this.load = load;
        this.metrics = metrics;
        this.thenCaptures = thenCaptures;
        this.tables = load.tables();
        // Every table this task loads shows from the start, with no rows yet.
        tables.forEach(metrics::loading);
    }

    /** What a poll of the load returned (null: nothing); on the polling thread. */
    void polled(List<SourceRecord> records) {
        // Metrics an earlier instance of the task held are added once free, rows or not.
        metrics.retryWaiting(Instant.now());
        if (records != null) {
            for (SourceRecord record : records) {
                table(record).ifPresent(t -> pending(t).incrementAndGet());
            }
        }
        boolean all = true;
        for (TableId table : tables) {
            if (completed.contains(table)) {
                continue;
            }
            if (!load.loading(table) && pending(table).get() == 0) {
                metrics.loaded(table);
                completed.add(table);
            } else {
                all = false;
            }
        }
        if (all && !thenCaptures) {
            metrics.state(CaptureMetrics.State.FULL_LOAD_COMPLETE);
        }
    }

    /** A record Kafka has (Connect's producer thread). */
    void acknowledged(SourceRecord record) {
        Optional<TableId> table = table(record);
        if (table.isPresent()) {
            metrics.record(record, Instant.now());
            pending(table.get()).decrementAndGet();
        }
    }

    private AtomicLong pending(TableId table) {
        return pending.computeIfAbsent(table, t -> new AtomicLong());
    }

    /** The table of a row the load read; empty for announcements and segment ends. */
    private static Optional<TableId> table(SourceRecord record) {
        if (TableAnnouncements.isAnnouncement(record)
                || !DebeziumEnvelope.isEnvelope(record.value())) {
            return Optional.empty();
        }
        return ChangeRecord.of(record).source();
    }
}
