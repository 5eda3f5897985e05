package io.ferry.source;

import io.ferry.common.ChangeRecord;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.TableId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMS's table statistics and {@code CDCLatencySource} as Connect plugin metrics (JMX under {@code
 * kafka.connect:type=plugins}): per table, rows loaded, inserts, updates, deletes and DDLs captured
 * and the table's state; for the task, the source lag of the latest change and the migration state.
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
    static final String FULL_LOAD = "Full load";
    static final String TABLE_COMPLETED = "Table completed";
    private static final Logger LOG = LoggerFactory.getLogger(CaptureMetrics.class);
    private static final long RETRY_MS = 1_000;
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    private final Map<TableId, TableCounters> tables = new ConcurrentHashMap<>();

    /** -1 until this task has read a change or a heartbeat: it has not reached the log yet. */
    private volatile long lagMs = -1;

    private volatile State state;

    /**
     * Metrics whose name a previous instance of this task still holds: Connect can start a task
     * again on the same worker before the old one's metrics are closed. Added once they are free.
     */
    private final Queue<Map.Entry<MetricName, MetricValueProvider<?>>> waiting =
            new ConcurrentLinkedQueue<>();

    private volatile long nextTryMs;

    CaptureMetrics(PluginMetrics metrics, State initial) {
        this.metrics = metrics;
        this.state = initial;
        if (metrics != null) {
            add(
                    metrics.metricName(
                            "source-lag-ms",
                            "Commit-to-capture lag of the latest change (DMS CDCLatencySource),"
                                    + " or the age of the latest heartbeat; -1 before either",
                            new LinkedHashMap<>()),
                    (Gauge<Long>) (config, now) -> lagMs);
            add(
                    metrics.metricName(
                            "migration-state",
                            "LOADING, CAPTURING, FULL_LOAD_COMPLETE or STOP_POSITION_REACHED",
                            new LinkedHashMap<>()),
                    (Gauge<String>) (config, now) -> state.name());
        }
    }

    void record(SourceRecord record, Instant now) {
        retryWaiting(now);
        Optional<Instant> heartbeat = Heartbeats.time(record);
        if (heartbeat.isPresent()) {
            // Read up to then: an idle source's latency falls to the heartbeat's age.
            lagMs = Math.max(0, now.toEpochMilli() - heartbeat.get().toEpochMilli());
            return;
        }
        if (isSchemaChange(record.value())) {
            // A snapshot replays the tables' definitions; only statements run on the source count.
            if (!inSnapshot(record.value())) {
                for (TableId table : changedTables((Struct) record.value())) {
                    counters(table).ddls.incrementAndGet();
                }
            }
            return;
        }
        ChangeRecord change = ChangeRecord.of(record);
        if (change.source().isEmpty() || record.value() == null) {
            return; // tombstones and heartbeats are not row changes
        }
        TableCounters table = counters(change.source().get());
        table.rows.get(change.operation()).incrementAndGet();
        if (change.operation() == Operation.READ) {
            table.state = lastSnapshotRow(record.value()) ? TABLE_COMPLETED : FULL_LOAD;
        } else if (table.state == null) {
            table.state = TABLE_COMPLETED; // captured without a load: nothing left to load
        }
        change.commitTime()
                .ifPresent(t -> lagMs = Math.max(0, now.toEpochMilli() - t.toEpochMilli()));
    }

    /** Adds the metrics an earlier instance of the task held, once free (at most once a second). */
    void retryWaiting(Instant now) {
        if (!waiting.isEmpty() && now.toEpochMilli() >= nextTryMs) {
            addWaiting(now.toEpochMilli());
        }
    }

    /** A table a parallel-load task reads: shown as loading, with its rows so far. */
    void loading(TableId table) {
        TableCounters counters = counters(table);
        if (counters.state == null) {
            counters.state = FULL_LOAD;
        }
    }

    /** A table whose segments this parallel-load task has read and Kafka has every row of. */
    void loaded(TableId table) {
        counters(table).state = TABLE_COMPLETED;
    }

    /** One LOB cut in limited LOB mode (DMS logs a warning for each). */
    void lobTruncated(TableId table) {
        counters(table).lobsTruncated.incrementAndGet();
    }

    long lobsTruncated(TableId table) {
        TableCounters counters = tables.get(table);
        return counters == null ? 0 : counters.lobsTruncated.get();
    }

    /** The commit-to-capture lag of the latest change, or the age of the latest heartbeat. */
    long sourceLagMs() {
        return lagMs;
    }

    void state(State state) {
        this.state = state;
    }

    State state() {
        return state;
    }

    /** DDLs captured for a table so far (binlog and SQL Server sources report them). */
    long ddls(TableId table) {
        TableCounters counters = tables.get(table);
        return counters == null ? 0 : counters.ddls.get();
    }

    /** DMS's table state: {@code Full load} while its rows load, then {@code Table completed}. */
    String tableState(TableId table) {
        TableCounters counters = tables.get(table);
        return counters == null ? null : counters.state;
    }

    private TableCounters counters(TableId table) {
        return tables.computeIfAbsent(table, this::register);
    }

    private TableCounters register(TableId table) {
        TableCounters counters = new TableCounters();
        if (metrics == null) {
            return counters;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("schema", table.schema());
        tags.put("table", table.table());
        for (Operation op : Operation.values()) {
            String name = metricName(op);
            if (name != null) {
                AtomicLong count = counters.rows.get(op);
                add(
                        metrics.metricName(name, "Rows per table: " + name, tags),
                        (Gauge<Long>) (config, now) -> count.get());
            }
        }
        add(
                metrics.metricName("ddls", "DDL statements captured for the table", tags),
                (Gauge<Long>) (config, now) -> counters.ddls.get());
        add(
                metrics.metricName(
                        "lobs-truncated", "LOBs cut to the limited LOB mode's size", tags),
                (Gauge<Long>) (config, now) -> counters.lobsTruncated.get());
        add(
                metrics.metricName("table-state", "Full load, then Table completed", tags),
                (Gauge<String>) (config, now) -> counters.state);
        return counters;
    }

    private void add(MetricName name, MetricValueProvider<?> value) {
        try {
            metrics.addMetric(name, value);
        } catch (IllegalArgumentException taken) {
            // A metric is no reason to fail a task: add it once the old instance lets it go.
            if (waiting.isEmpty()) {
                LOG.warn(
                        "Metric {} is still held by an earlier instance of this task; it is added"
                                + " once that instance has closed",
                        name.name());
            }
            waiting.add(Map.entry(name, value));
        }
    }

    private synchronized void addWaiting(long nowMs) {
        nextTryMs = nowMs + RETRY_MS;
        for (int i = waiting.size(); i > 0; i--) {
            Map.Entry<MetricName, MetricValueProvider<?>> metric = waiting.poll();
            if (metric != null) {
                add(metric.getKey(), metric.getValue());
            }
        }
    }

    /** Debezium's schema change events (binlog, SQL Server, Oracle): {@code *SchemaChangeValue}. */
    private static boolean isSchemaChange(Object value) {
        return value instanceof Struct struct
                && struct.schema().name() != null
                && struct.schema().name().endsWith(".SchemaChangeValue");
    }

    /** The tables a schema change names: {@code "db"."table"} or {@code "db"."schema"."table"}. */
    private static List<TableId> changedTables(Struct change) {
        List<TableId> tables = new ArrayList<>();
        if (change.schema().field("tableChanges") == null) {
            return tables;
        }
        List<Object> changes = change.getArray("tableChanges");
        for (Object item : changes == null ? List.<Object>of() : changes) {
            if (item instanceof Struct tableChange && tableChange.schema().field("id") != null) {
                List<String> parts = new ArrayList<>();
                Matcher m = QUOTED.matcher(String.valueOf(tableChange.get("id")));
                while (m.find()) {
                    parts.add(m.group(1).replace("\"\"", "\""));
                }
                if (parts.size() >= 2) {
                    tables.add(
                            new TableId(parts.get(parts.size() - 2), parts.get(parts.size() - 1)));
                }
            }
        }
        return tables;
    }

    /** Debezium marks the last snapshot row of each table in {@code source.snapshot}. */
    private static boolean lastSnapshotRow(Object value) {
        Object marker = snapshotMarker(value);
        return "last_in_data_collection".equals(marker) || "last".equals(marker);
    }

    private static boolean inSnapshot(Object value) {
        Object marker = snapshotMarker(value);
        return marker != null && !"false".equals(marker);
    }

    private static Object snapshotMarker(Object value) {
        Object source = DebeziumEnvelope.field(value, DebeziumEnvelope.SOURCE);
        return source == null ? null : DebeziumEnvelope.field(source, "snapshot");
    }

    /** One table's counts and state. */
    private static final class TableCounters {
        final Map<Operation, AtomicLong> rows = new EnumMap<>(Operation.class);
        final AtomicLong ddls = new AtomicLong();
        final AtomicLong lobsTruncated = new AtomicLong();
        volatile String state;

        TableCounters() {
            for (Operation op : Operation.values()) {
                rows.put(op, new AtomicLong());
            }
        }
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
