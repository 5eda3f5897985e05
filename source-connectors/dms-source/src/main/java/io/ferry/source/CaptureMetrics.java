package io.ferry.source;

import io.ferry.common.ChangeRecord;
import io.ferry.common.Operation;
import io.ferry.common.TableId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * DMS's table statistics and {@code CDCLatencySource} as Connect plugin metrics (JMX under {@code
 * kafka.connect:type=plugins}): per table, rows loaded and inserts, updates and deletes captured;
 * for the task, the source lag of the latest change and the migration state.
 */
final class CaptureMetrics {
    /** What the task is doing, as DMS reports a task's status. */
    enum State {
        LOADING,
        CAPTURING,
        FULL_LOAD_COMPLETE,
        STOP_POSITION_REACHED
    }

    private final PluginMetrics metrics;
    private final Map<TableId, Map<Operation, AtomicLong>> tables = new ConcurrentHashMap<>();
    private volatile long lagMs;
    private volatile State state;

    CaptureMetrics(PluginMetrics metrics, State initial) {
        this.metrics = metrics;
        this.state = initial;
        if (metrics != null) {
            metrics.addMetric(
                    metrics.metricName(
                            "source-lag-ms",
                            "Commit-to-capture lag of the latest change (DMS CDCLatencySource)",
                            new LinkedHashMap<>()),
                    (Gauge<Long>) (config, now) -> lagMs);
            metrics.addMetric(
                    metrics.metricName(
                            "migration-state",
                            "LOADING, CAPTURING, FULL_LOAD_COMPLETE or STOP_POSITION_REACHED",
                            new LinkedHashMap<>()),
                    (Gauge<String>) (config, now) -> state.name());
        }
    }

    void record(SourceRecord record, Instant now) {
        ChangeRecord change = ChangeRecord.of(record);
        if (change.source().isEmpty() || record.value() == null) {
            return; // tombstones, heartbeats and schema changes are not row changes
        }
        counter(change.source().get(), change.operation()).incrementAndGet();
        change.commitTime()
                .ifPresent(t -> lagMs = Math.max(0, now.toEpochMilli() - t.toEpochMilli()));
    }

    void state(State state) {
        this.state = state;
    }

    State state() {
        return state;
    }

    private AtomicLong counter(TableId table, Operation operation) {
        return tables.computeIfAbsent(table, this::register).get(operation);
    }

    private Map<Operation, AtomicLong> register(TableId table) {
        Map<Operation, AtomicLong> counts = new ConcurrentHashMap<>();
        for (Operation op : Operation.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(op, count);
            String name = metricName(op);
            if (metrics != null && name != null) {
                LinkedHashMap<String, String> tags = new LinkedHashMap<>();
                tags.put("schema", table.schema());
                tags.put("table", table.table());
                metrics.addMetric(
                        metrics.metricName(name, "Rows per table: " + name, tags),
                        (Gauge<Long>) (config, now) -> count.get());
            }
        }
        return counts;
    }

    private static String metricName(Operation op) {
        return switch (op) {
            case READ -> "full-load-rows";
            case CREATE -> "inserts";
            case UPDATE -> "updates";
            case DELETE -> "deletes";
            default -> null;
        };
    }
}
