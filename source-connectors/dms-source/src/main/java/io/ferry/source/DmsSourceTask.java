package io.ferry.source;

import io.ferry.common.ChangeRecord;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.PluginVersion;
import io.ferry.dms.Engine;
import io.ferry.source.CaptureMetrics.State;
import io.ferry.source.fullload.FullLoadSourceTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's task for the engine, run inside this one, which adds what DMS tasks do: capture stops
 * once a full-load-only snapshot is written (Debezium then drops a slot it made), and at a CDC stop
 * position; a native start point is read as the first offset; per-table counts and the source lag
 * are metrics.
 */
public final class DmsSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(DmsSourceTask.class);
    private static final long IDLE_WAIT_MS = 1_000;

    private SourceTask capture;

    /** The task's segments of Ferry's parallel full load, when it reads them; null otherwise. */
    private FullLoadSourceTask load;

    /** The load's progress in the metrics, when the task reads segments. */
    private LoadProgress loadProgress;

    private MigrationType type;
    private Optional<StopPosition> stop;
    private SnapshotProgress snapshot;
    private CaptureMetrics metrics;
    private LobColumns lobs;
    private RecordSizes sizes;
    private TableAnnouncements announcements;
    private boolean stopReached;
    private final AtomicLong unacknowledged = new AtomicLong();

    /** The load's records (rows read, announcements) given to Connect and not yet in Kafka. */
    private final AtomicLong loadUnacknowledged = new AtomicLong();

    /** Whether Connect has been given every record of the load. */
    private boolean loadReturned;

    private final Object idle = new Object();
    private volatile boolean stopping;

    @Override
    public String version() {
        return PluginVersion.of(DmsSourceTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        if (props.containsKey(FullLoadSourceTask.SEGMENTS)) {
            // Segments of Ferry's parallel full load.
            load = new FullLoadSourceTask();
            load.initialize(context);
            load.start(props);
            metrics = new CaptureMetrics(pluginMetrics(), State.LOADING);
            MigrationType migration =
                    MigrationType.of(
                            props.getOrDefault(
                                    DmsSourceConfig.MIGRATION_TYPE,
                                    MigrationType.FULL_LOAD_AND_CDC.text));
            loadProgress = new LoadProgress(load, metrics, migration.capturesChanges());
            return;
        }
        DmsSourceConfig config = new DmsSourceConfig(props);
        Engine engine = config.engine();
        type = config.migrationType();
        stop = config.stopPosition();
        // The connector derived Debezium's settings; the task takes them as they are.
        Map<String, String> debezium = new HashMap<>(props);
        DmsSourceConfig.CONFIG_DEF.names().forEach(debezium::remove);
        String prefix = debezium.getOrDefault("topic.prefix", "");
        snapshot = new SnapshotProgress(engine, prefix);
        // From the stored offsets, not from this task's counters: a task restarted after the load
        // captures (Debezium runs no snapshot then, so its snapshot metrics never complete).
        boolean loaded = loadedBefore(prefix);
        metrics =
                new CaptureMetrics(
                        pluginMetrics(), type.loads() && !loaded ? State.LOADING : State.CAPTURING);
        if (type == MigrationType.FULL_LOAD && loaded) {
            // A restart after the full load: nothing to capture, and no slot to make again.
            metrics.state(State.FULL_LOAD_COMPLETE);
            return;
        }
        if (type.loads() && config.announcesTables()) {
            // A load (re)starting from scratch; not once its snapshot is complete.
            announcements = loaded ? null : new TableAnnouncements(engine, prefix);
        }
        lobs = new LobColumns(engine, config.lobLimits(), metrics::lobTruncated);
        sizes = new RecordSizes(props);
        capture =
                DebeziumClasses.newInstance(
                        DebeziumConnectors.of(engine).taskClass, SourceTask.class);
        Optional<StartPosition> start = config.start(prefix, databases(debezium));
        capture.initialize(start.isEmpty() ? context : new StartingContext(context, start.get()));
        capture.start(debezium);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (load != null) {
            List<SourceRecord> rows = load.poll();
            loadProgress.polled(rows);
            return rows;
        }
        if (capture == null) {
            synchronized (idle) {
                if (!stopping) {
                    idle.wait(IDLE_WAIT_MS); // capture is over: nothing more will come
                }
            }
            return null;
        }
        // Read before polling: once complete, every row of the load is in Debezium's queue
        // ahead of what this poll returns.
        boolean completed = snapshot.completed();
        List<SourceRecord> polled = capture.poll();
        List<SourceRecord> out = polled == null ? List.of() : kept(polled);
        boolean rows = out.stream().anyMatch(r -> DebeziumEnvelope.isEnvelope(r.value()));
        if (announcements != null && (rows || snapshot.completed())) {
            // Debezium has read every captured table's structure before its first row.
            List<SourceRecord> first = new ArrayList<>();
            for (SourceRecord announcement : announcements.of(capture)) {
                // Shaped as the table's rows will be: without the LOB columns they leave out.
                first.add(lobs.apply(announcement));
            }
            announcements = null;
            first.addAll(out);
            out = first;
        }
        long load = out.stream().filter(DmsSourceTask::ofLoad).count();
        loadUnacknowledged.addAndGet(load);
        unacknowledged.addAndGet(out.size());
        loadReturned |= completed && load == 0;
        if (type == MigrationType.FULL_LOAD
                && out.isEmpty()
                && unacknowledged.get() == 0
                && completed) {
            finish(State.FULL_LOAD_COMPLETE, "Full load complete: capture stopped");
        } else if (stopReached && unacknowledged.get() == 0) {
            finish(State.STOP_POSITION_REACHED, "CDC stop position reached: capture stopped");
        } else if (metrics.state() == State.LOADING
                && loadReturned
                && loadUnacknowledged.get() == 0) {
            // Loaded once every row is in Kafka, not once Debezium has read it: whoever waits
            // for the load (ferry run, a sink's lag) then finds every row there.
            metrics.state(State.CAPTURING);
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * The records before the stop position; past it, nothing more is given to Connect. The stop
     * applies to captured changes and heartbeats, not to the rows of a load.
     */
    private List<SourceRecord> kept(List<SourceRecord> polled) {
        Instant now = Instant.now();
        List<SourceRecord> kept = new ArrayList<>(polled.size());
        for (SourceRecord record : polled) {
            if (!stopReached && stop.isPresent()) {
                ChangeRecord change = ChangeRecord.of(record);
                Instant committed =
                        change.commitTime().orElseGet(() -> Heartbeats.time(record).orElse(null));
                stopReached =
                        change.operation() != Operation.READ && stop.get().passedBy(committed, now);
            }
            if (stopReached) {
                continue;
            }
            SourceRecord applied = lobs.apply(record);
            sizes.check(applied);
            metrics.record(applied, now);
            kept.add(applied);
        }
        return kept;
    }

    /** A row the load read, or the announcement of a table it loads. */
    private static boolean ofLoad(SourceRecord record) {
        return TableAnnouncements.isAnnouncement(record)
                || DebeziumEnvelope.isEnvelope(record.value())
                        && DebeziumEnvelope.operation(record.value()) == Operation.READ;
    }

    private void finish(State state, String message) {
        metrics.state(state);
        LOG.info("{} (migration.type={})", message, type.text);
        SourceTask done = capture;
        capture = null;
        done.stop();
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata)
            throws InterruptedException {
        if (loadProgress != null) {
            loadProgress.acknowledged(record);
            return;
        }
        unacknowledged.decrementAndGet();
        if (ofLoad(record)) {
            loadUnacknowledged.decrementAndGet();
        }
        SourceTask current = capture;
        if (current != null && !TableAnnouncements.isAnnouncement(record)) {
            current.commitRecord(record, metadata);
        }
    }

    @Override
    public void commit() throws InterruptedException {
        SourceTask current = capture;
        if (current != null) {
            current.commit();
        }
    }

    @Override
    public void stop() {
        if (load != null) {
            load.stop();
        }
        stopping = true;
        synchronized (idle) {
            idle.notifyAll();
        }
        SourceTask current = capture;
        capture = null;
        if (current != null) {
            current.stop();
        }
    }

    /**
     * Whether Connect holds the offset of a finished snapshot: Debezium marks snapshot offsets with
     * {@code snapshot} until the last record, which carries {@code last_snapshot_record}.
     */
    private boolean loadedBefore(String prefix) {
        Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("server", prefix));
        return offset != null && !DebeziumOffsets.initialSnapshotUnderWay(offset);
    }

    /** Connect's plugin metrics (KIP-877, Kafka 4.1); none on older workers, which lack them. */
    private PluginMetrics pluginMetrics() {
        try {
            return context.pluginMetrics();
        } catch (LinkageError | UnsupportedOperationException e) {
            LOG.warn(
                    "This Connect worker has no plugin metrics (Kafka 4.1+): table statistics off");
            return null;
        }
    }

    private static List<String> databases(Map<String, String> debezium) {
        String names = debezium.getOrDefault("database.names", "");
        return names.isBlank()
                ? List.of()
                : Arrays.stream(names.split(",")).map(String::trim).toList();
    }
}
