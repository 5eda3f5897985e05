package io.ferry.source.fullload;

import io.ferry.common.PluginVersion;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full load of the tables a DMS table mapping selects, cut into segments by its {@code
 * parallel-load} rules and read by as many tasks as {@code tasks.max} and {@code
 * max.full.load.subtasks} allow, each row sent as Debezium's snapshot would send it. Every row's
 * record carries its segment's progress, so a task that stops resumes each segment after the last
 * row Connect committed.
 */
public final class FullLoadSourceConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(FullLoadSourceConnector.class);

    private static final long WATCH_MS = 2_000;

    private Map<String, String> props;
    private List<LoadPlan.Segment> segments;

    /** The segments' names in the offsets, to tell when the load is done. */
    private List<Map<String, Object>> partitions = List.of();

    /** The snapshot every reader reads, held until the load is done; null without a hand-over. */
    private volatile PostgresSnapshot snapshot;

    private Thread watcher;

    /** Made in start: Connect starts a paused connector again on the same instance. */
    private java.util.concurrent.CountDownLatch stopped;

    /** Guards the snapshot: swapped by the watcher, read for task configs, let go at stop. */
    private final Object holding = new Object();

    /** What the DMS source does once the load hands over: starts CDC. */
    private final Runnable whenLoaded;

    public FullLoadSourceConnector() {
        this(() -> {});
    }

    /**
     * @param whenLoaded run once every segment is stored as loaded, when the load hands over to CDC
     */
    public FullLoadSourceConnector(Runnable whenLoaded) {
        this.whenLoaded = whenLoaded;
    }

    @Override
    public String version() {
        return PluginVersion.of(FullLoadSourceConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        stopped = new java.util.concurrent.CountDownLatch(1);
        FullLoadConfig config = new FullLoadConfig(props);
        LoadPlan plan = new LoadPlan(config.mappings());
        List<TableId> tables;
        try (DebeziumTables source = SourceTables.open(config)) {
            tables = plan.selected(source.present());
            List<String> refused = new ArrayList<>();
            Map<TableId, DebeziumTables.Loaded> loaded = source.read(tables);
            for (DebeziumTables.Loaded table : loaded.values()) {
                source.unpageable(table)
                        .ifPresent(why -> refused.add(table.id() + " (" + why + ")"));
            }
            for (TableId table : tables) {
                if ((table.schema() + table.table()).matches("(?s).*[\\t\\n].*")) {
                    refused.add(table + " (a tab or line break in its name)");
                }
            }
            if (!refused.isEmpty()) {
                // Before any task starts: a task would fail with other tables' segments unread.
                String why =
                        "Ferry's full load reads a table in the order of its primary key, to"
                                + " resume without a gap; it cannot read "
                                + String.join(", ", refused);
                if (progressed(config, plan, source, tables, loaded)) {
                    // Another load from the start would send the loaded rows again.
                    throw new ConnectException(
                            why
                                    + ". The load has progress, so it does not start over: give"
                                    + " the table a primary key or leave it out of the selection");
                }
                throw new UnreadableTablesException(why);
            }
            Map<TableId, List<SegmentRange>> ranges =
                    wholeWhenEmpty(config, source, ranges(config, plan, source, tables, loaded));
            partitions = new ArrayList<>();
            ranges.forEach(
                    (table, segmentsOf) ->
                            segmentsOf.forEach(
                                    range ->
                                            partitions.add(
                                                    SegmentOffsets.partition(
                                                            table, range, config.handOverSlot()))));
            segments = LoadPlan.segments(ranges);
        } catch (SQLException e) {
            throw new ConnectException("cannot list the source's tables: " + e.getMessage(), e);
        }
        if (config.handsOver() && !tables.isEmpty()) {
            try {
                checkSlot(begun());
                if (!loaded()) {
                    snapshot = PostgresSnapshot.export(config.debezium(), tables);
                }
            } catch (SQLException e) {
                throw new ConnectException(
                        "cannot make the replication slot and the snapshot the load reads: "
                                + e.getMessage(),
                        e);
            }
        }
        if (snapshot != null) {
            // Its own latch: a connector paused and resumed starts another watcher.
            java.util.concurrent.CountDownLatch latch = stopped;
            watcher = new Thread(() -> watch(latch), "ferry-full-load-snapshot");
            watcher.setDaemon(true);
            watcher.start();
        }
        if (tables.isEmpty()) {
            LOG.warn("The table mapping selects no table of the source: nothing to load");
        } else {
            LOG.info(
                    "Full load of {} tables in {} segments: {}",
                    tables.size(),
                    segments.size(),
                    tables);
        }
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (segments.isEmpty()) {
            return List.of();
        }
        int tasks = Math.min(maxTasks, new FullLoadConfig(props).maxSubtasks());
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<LoadPlan.Segment> dealt : LoadPlan.deal(segments, tasks)) {
            Map<String, String> task = new HashMap<>(props);
            task.put(FullLoadSourceTask.SEGMENTS, FullLoadSourceTask.encode(dealt));
            synchronized (holding) {
                if (snapshot != null) {
                    task.put(FullLoadSourceTask.SNAPSHOT, snapshot.name());
                }
            }
            configs.add(task);
        }
        return configs;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Each row's record carries its own progress: a transaction holds both or neither.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FullLoadSourceTask.class;
    }

    @Override
    public void stop() {
        if (stopped != null) {
            stopped.countDown();
        }
        if (watcher != null) {
            watcher.interrupt();
        }
        release();
    }

    /**
     * Refuses to go on when progress was made for a replication slot that is gone (dropped, or lost
     * in a failover): rows read at its point and CDC from a new slot would leave a gap.
     *
     * @param begun whether any segment has progress
     */
    public void checkSlot(boolean begun) throws SQLException {
        FullLoadConfig config = new FullLoadConfig(props);
        Optional<String> slot = config.handOverSlot();
        if (slot.isPresent() && begun && !PostgresSnapshot.slotExists(config.debezium())) {
            throw new SlotGoneException(
                    "the load's progress was made for replication slot "
                            + slot.get()
                            + ", which is gone: CDC from a new slot would miss the changes made"
                            + " since its point. Reset the connector's offsets to load again");
        }
    }

    /** Tables the load cannot page by their key: it does not start. */
    public static final class UnreadableTablesException extends ConnectException {
        UnreadableTablesException(String message) {
            super(message);
        }
    }

    /** The load's slot is gone: it cannot go on. */
    public static final class SlotGoneException extends ConnectException {
        SlotGoneException(String message) {
            super(message);
        }
    }

    /** Whether any segment has progress stored. */
    public boolean begun() {
        Map<Map<String, Object>, Map<String, Object>> offsets =
                context().offsetStorageReader().offsets(partitions);
        return partitions.stream().anyMatch(p -> offsets.get(p) != null);
    }

    /**
     * The tables cut into segments that are empty now read whole instead, so they are announced and
     * arrive (an announcement after rows would empty the table at the sinks, so a cut table has
     * none). Progress stored keeps the decision made at the load's start.
     */
    private Map<TableId, List<SegmentRange>> wholeWhenEmpty(
            FullLoadConfig config, DebeziumTables source, Map<TableId, List<SegmentRange>> ranges)
            throws SQLException {
        Map<TableId, List<SegmentRange>> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<TableId, List<SegmentRange>> table : ranges.entrySet()) {
            List<SegmentRange> cut = table.getValue();
            SegmentRange whole = SegmentRange.emptyWhenPlanned(cut);
            if (cut.size() > 1 && config.announcesTables()) {
                List<SegmentRange> begun = begun(config, table.getKey(), cut, whole);
                boolean wholeBegun = begun.contains(whole);
                if (wholeBegun
                        || (begun.isEmpty() && empty(config.engine(), source, table.getKey()))) {
                    out.put(table.getKey(), List.of(whole));
                    continue;
                }
            }
            out.put(table.getKey(), cut);
        }
        return out;
    }

    /**
     * Whether any segment of the tables as planned now, or a table read whole instead, has
     * progress. A table that cannot be planned has none: its tasks could not have read it.
     */
    private boolean progressed(
            FullLoadConfig config,
            LoadPlan plan,
            DebeziumTables source,
            List<TableId> tables,
            Map<TableId, DebeziumTables.Loaded> loaded)
            throws SQLException {
        Map<TableId, List<SegmentRange>> cut = new java.util.LinkedHashMap<>();
        for (TableId table : tables) {
            try {
                cut.putAll(ranges(config, plan, source, List.of(table), loaded));
            } catch (RuntimeException e) {
                LOG.debug("{} cannot be planned: {}", table, e.getMessage());
            }
        }
        for (Map.Entry<TableId, List<SegmentRange>> table : cut.entrySet()) {
            List<SegmentRange> ranges = table.getValue();
            SegmentRange whole = SegmentRange.emptyWhenPlanned(ranges);
            if (!begun(config, table.getKey(), ranges, whole).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Of a table's segments as cut and the segment that reads it whole instead (it was empty when
     * the load was planned), those with progress stored.
     */
    private List<SegmentRange> begun(
            FullLoadConfig config, TableId table, List<SegmentRange> cut, SegmentRange whole) {
        Map<SegmentRange, Map<String, Object>> partitionOf = new java.util.LinkedHashMap<>();
        cut.forEach(
                r -> partitionOf.put(r, SegmentOffsets.partition(table, r, config.handOverSlot())));
        partitionOf.put(whole, SegmentOffsets.partition(table, whole, config.handOverSlot()));
        Map<Map<String, Object>, Map<String, Object>> offsets =
                context().offsetStorageReader().offsets(partitionOf.values());
        List<SegmentRange> begun = new ArrayList<>();
        partitionOf.forEach(
                (range, partition) -> {
                    if (offsets.get(partition) != null) {
                        begun.add(range);
                    }
                });
        return begun;
    }

    private static boolean empty(Engine engine, DebeziumTables source, TableId table)
            throws SQLException {
        try (java.sql.Statement statement = source.connection().createStatement();
                java.sql.ResultSet rows =
                        statement.executeQuery(
                                "SELECT 1 FROM "
                                        + engine.quote(table.schema())
                                        + "."
                                        + engine.quote(table.table())
                                        + " LIMIT 1")) {
            return !rows.next();
        }
    }

    /** Each table's segments, in load order. */
    private static Map<TableId, List<SegmentRange>> ranges(
            FullLoadConfig config,
            LoadPlan plan,
            DebeziumTables source,
            List<TableId> tables,
            Map<TableId, DebeziumTables.Loaded> loaded)
            throws SQLException {
        Map<TableId, List<SegmentRange>> out = new java.util.LinkedHashMap<>();
        for (TableId id : tables) {
            DebeziumTables.Loaded table = loaded.get(id);
            if (table == null) {
                continue; // dropped since it was listed
            }
            out.put(
                    id,
                    plan.ranges(
                            config.engine(),
                            id,
                            ColumnTypes.of(
                                    source.connection(), config.engine(), id, table.columns()),
                            source::partitioning));
        }
        return out;
    }

    /**
     * Holds the snapshot until every segment is stored as loaded, then lets it go (an open snapshot
     * keeps the database from cleaning up). Should the holder's connection die, exports a snapshot
     * of now and gives it to the tasks: the rest of the load reads that one.
     */
    private void watch(java.util.concurrent.CountDownLatch latch) {
        FullLoadConfig config = new FullLoadConfig(props);
        try {
            while (!latch.await(WATCH_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                try {
                    if (watchOnce(config, latch)) {
                        return;
                    }
                } catch (SlotGoneException e) {
                    throw e; // the load cannot go on
                } catch (SQLException | RuntimeException e) {
                    // A database or Kafka unreachable for a moment: looked at again next round.
                    LOG.warn("Watching the full load's snapshot: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SlotGoneException e) {
            if (latch.getCount() > 0) {
                context.raiseError(e);
            }
        }
    }

    /** One look: true once the load is done. */
    private boolean watchOnce(FullLoadConfig config, java.util.concurrent.CountDownLatch latch)
            throws SQLException {
        checkSlot(true);
        if (loaded()) {
            LOG.info(
                    "Full load done: every segment is in Kafka; the snapshot is let go, and CDC"
                            + " may start from replication slot {}",
                    config.handOverSlot().orElse(""));
            release();
            whenLoaded.run();
            return true;
        }
        PostgresSnapshot held;
        synchronized (holding) {
            held = snapshot;
        }
        if (held != null && !held.alive(config.debezium())) {
            LOG.warn(
                    "The load's snapshot {} is gone (its holder's connection closed): the rest of"
                            + " the load reads a snapshot of now, and CDC from the slot brings"
                            + " again the changes made in between",
                    held.name());
            // The next snapshot before the last is let go: task configs always name one.
            PostgresSnapshot next = PostgresSnapshot.now(config.debezium());
            synchronized (holding) {
                if (latch.getCount() == 0) {
                    closeQuietly(next);
                    return true;
                }
                snapshot = next;
            }
            closeQuietly(held);
            context.requestTaskReconfiguration();
        }
        return false;
    }

    /** Whether every segment is stored as loaded, as of the offsets Kafka holds now. */
    public boolean loaded() {
        Map<Map<String, Object>, Map<String, Object>> offsets =
                context().offsetStorageReader().offsets(partitions);
        return partitions.stream().allMatch(p -> SegmentOffsets.isLoaded(offsets.get(p)));
    }

    private void release() {
        PostgresSnapshot held;
        synchronized (holding) {
            held = snapshot;
            snapshot = null;
        }
        closeQuietly(held);
    }

    private static void closeQuietly(PostgresSnapshot held) {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                LOG.warn("Closing the snapshot's connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        FullLoadConfig.refused(connectorConfigs)
                .forEach(
                        (key, message) -> {
                            ConfigValue value =
                                    new ConfigValue(
                                            key,
                                            connectorConfigs.get(key),
                                            List.of(),
                                            new ArrayList<>());
                            value.addErrorMessage(message);
                            config.configValues().add(value);
                        });
        return config;
    }

    @Override
    public ConfigDef config() {
        return FullLoadConfig.CONFIG_DEF;
    }
}
