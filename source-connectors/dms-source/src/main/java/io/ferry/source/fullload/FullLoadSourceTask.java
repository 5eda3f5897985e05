package io.ferry.source.fullload;

import io.ferry.common.PluginVersion;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.plan.TablePlan;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the segments dealt to it one after the other, a page per poll, each row a record that
 * carries its segment's progress; a segment's end is the table's announcement, carrying that it is
 * loaded. Resumes each segment after the last key Connect committed for it; skips loaded ones.
 */
public final class FullLoadSourceTask extends SourceTask {
    public static final String SEGMENTS = "full.load.segments";

    /** The snapshot the connector holds for the load, when it hands over to CDC. */
    static final String SNAPSHOT = "full.load.snapshot";

    private static final Logger LOG = LoggerFactory.getLogger(FullLoadSourceTask.class);

    private static final long WAIT_SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Retries retries = new Retries(Duration.ofMinutes(5));
    private FullLoadConfig config;
    private List<LoadPlan.Segment> segments;
    private String snapshot;
    private DebeziumTables source;
    private SnapshotConnections connections;

    /** The segments to read, once prepared; null before. */
    private Deque<Work> work;

    /** The segments whose table is announced before their first page. */
    private final java.util.Set<Map<String, Object>> announce = new java.util.HashSet<>();

    private long retryAtNanos = System.nanoTime();
    private long rows;

    /** One segment to read: its table, reader and name in the offsets. */
    private record Work(
            DebeziumTables.Loaded table,
            SegmentRange range,
            TablePlan plan,
            SegmentReader reader,
            SegmentReader.RowReader rows,
            Map<String, Object> partition) {}

    @Override
    public String version() {
        return PluginVersion.of(FullLoadSourceTask.class);
    }

    static String encode(List<LoadPlan.Segment> segments) {
        return segments.stream()
                .map(
                        s ->
                                s.table().schema()
                                        + "\t"
                                        + s.table().table()
                                        + "\t"
                                        + s.index()
                                        + "\t"
                                        + URLEncoder.encode(s.label(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n"));
    }

    static List<LoadPlan.Segment> decode(String text) {
        List<LoadPlan.Segment> segments = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split("\t");
            segments.add(
                    new LoadPlan.Segment(
                            new TableId(parts[0], parts[1]),
                            Integer.parseInt(parts[2]),
                            // An earlier version's task config names segments by number only.
                            parts.length > 3
                                    ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8)
                                    : null));
        }
        return segments;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new FullLoadConfig(props);
        segments = decode(props.get(SEGMENTS));
        snapshot = props.get(SNAPSHOT);
    }

    /** The tables of this task's segments, in the order it loads them. */
    public Set<TableId> tables() {
        return segments.stream()
                .map(LoadPlan.Segment::table)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Whether this task has a segment of the table still to read (all of them before it has
     * prepared its segments). On the polling thread.
     */
    public boolean loading(TableId table) {
        Deque<Work> left = work;
        return left == null || left.stream().anyMatch(w -> w.table().id().equals(table));
    }

    /**
     * Opens the source and a reader per segment, each where its stored progress says. In {@code
     * poll}, not {@code start}: an unreachable database is retried like any page.
     */
    private void prepare() throws SQLException {
        Engine engine = config.engine();
        LoadPlan plan = new LoadPlan(config.mappings());
        if (source == null) {
            openSource();
        }
        Map<TableId, DebeziumTables.Loaded> tables = source.read(new ArrayList<>(tables()));
        Map<TableId, List<SegmentRange>> ranges = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (LoadPlan.Segment segment : segments) {
            DebeziumTables.Loaded table = tables.get(segment.table());
            if (table == null) {
                throw new ConnectException("table " + segment.table() + " is gone from the source");
            }
            Optional<String> unpageable = source.unpageable(table);
            if (unpageable.isPresent()) {
                throw new ConnectException(
                        "Ferry's full load cannot read "
                                + segment.table()
                                + ": "
                                + unpageable.get());
            }
            if (!ranges.containsKey(segment.table())) {
                ranges.put(
                        segment.table(),
                        plan.ranges(
                                engine,
                                segment.table(),
                                ColumnTypes.of(
                                        source.connection(),
                                        engine,
                                        segment.table(),
                                        table.columns()),
                                source::partitioning));
            }
            Optional<SegmentRange> found = range(ranges.get(segment.table()), segment);
            if (found.isEmpty()) {
                Map<String, Object> partition =
                        SegmentOffsets.partition(
                                segment.table(), segment.label(), config.handOverSlot());
                if (SegmentOffsets.isLoaded(context.offsetStorageReader().offset(partition))) {
                    // Loaded before the table's partitions changed: the rest is the changes'.
                    LOG.info("Segment {} of {}: loaded before", segment.label(), segment.table());
                    continue;
                }
                throw new ConnectException(
                        "segment '"
                                + segment.label()
                                + "' of "
                                + segment.table()
                                + " is not in the table's plan any more (its partitions changed"
                                + " since the connector planned the load: now "
                                + ranges.get(segment.table()).stream()
                                        .map(SegmentRange::label)
                                        .toList()
                                + "); restart the connector to plan it again");
            }
            SegmentRange range = found.get();
            planned.add(
                    new Planned(
                            table,
                            range,
                            SegmentOffsets.partition(segment.table(), range, config.handOverSlot()),
                            range.whole() || ranges.get(segment.table()).size() == 1));
        }
        Map<Map<String, Object>, Map<String, Object>> offsets =
                context.offsetStorageReader()
                        .offsets(planned.stream().map(Planned::partition).toList());
        Deque<Work> prepared = new ArrayDeque<>();
        for (Planned p : planned) {
            DebeziumTables.Loaded table = p.table();
            Map<String, Integer> keyTypes =
                    ColumnTypes.of(source.connection(), engine, table.id(), table.key());
            SegmentReader.Progress progress =
                    SegmentOffsets.progress(offsets.get(p.partition()), table.key());
            if (progress.loaded()) {
                LOG.info("Segment {} of {}: loaded before", p.range().label(), table.id());
                continue;
            }
            if (p.whole() && progress.equals(SegmentReader.Progress.START)) {
                // A table read as one segment, from its start: announced before its first row.
                // Not a table cut into segments — their rows load side by side, and an
                // announcement after rows tells a sink the load starts over.
                if (config.announcesTables()) {
                    announce.add(p.partition());
                }
            }
            SegmentQuery query =
                    new SegmentQuery(
                            engine,
                            table.id(),
                            table.columns(),
                            table.key(),
                            p.range(),
                            config.commitRate());
            prepared.add(
                    new Work(
                            table,
                            p.range(),
                            plan.table(table.id()),
                            new SegmentReader(connections, engine, query, keyTypes, progress),
                            source.rows(table),
                            p.partition()));
            LOG.info(
                    "Segment {} of {}: {}",
                    p.range().label(),
                    table.id(),
                    progress.after()
                            .map(k -> "resumes after key " + k)
                            .orElse("from its first row"));
        }
        work = prepared;
    }

    /**
     * Refuses to store a segment of partitions as loaded when the table's partitions changed while
     * it was read: rows may have moved into partitions read before, or out of this one.
     */
    private void checkLayout(Work segment) throws SQLException {
        Optional<String> planned = segment.range().layout();
        if (planned.isEmpty()) {
            return;
        }
        String now = source.partitioning(segment.table().id()).layout();
        if (!planned.get().equals(now)) {
            throw new ConnectException(
                    "the partitions of "
                            + segment.table().id()
                            + " changed while its "
                            + segment.range().label()
                            + " was read (now layout "
                            + now
                            + "): rows may have moved between partitions. Restart the connector:"
                            + " it plans the table again and loads it from its first row (the rows"
                            + " already sent come again)");
        }
    }

    /**
     * The segment's range in the table's plan as this task makes it: one of its cut, or the whole
     * table the connector read instead of that cut (it was empty then).
     */
    private static Optional<SegmentRange> range(
            List<SegmentRange> ranges, LoadPlan.Segment segment) {
        if (segment.label() == null) {
            return Optional.of(ranges.get(segment.index()));
        }
        List<SegmentRange> candidates = new ArrayList<>(ranges);
        candidates.add(SegmentRange.emptyWhenPlanned(ranges));
        return candidates.stream().filter(r -> r.label().equals(segment.label())).findFirst();
    }

    /**
     * A segment before its reader: its table, range, name in the offsets, and whether it is the
     * whole table.
     */
    private record Planned(
            DebeziumTables.Loaded table,
            SegmentRange range,
            Map<String, Object> partition,
            boolean whole) {}

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long wait = retryAtNanos - System.nanoTime();
        if (wait > 0) {
            // In slices, so the worker sees a stop within a second.
            stopped.await(Math.min(wait, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
            return null;
        }
        if (stopped.getCount() == 0) {
            return null;
        }
        try {
            if (work == null) {
                prepare();
                retries.succeeded();
            }
            return read();
        } catch (SQLException | RuntimeException e) {
            if (stopped.getCount() == 0) {
                return null; // what a stop cut short; the next task goes on from the offsets
            }
            if (!SourceErrors.transient_(e)) {
                throw e instanceof ConnectException ce
                        ? ce
                        : new ConnectException("full load: " + e.getMessage(), e);
            }
            // A reader stands where its last page ended: the page is read again.
            if (connections != null) {
                connections.reset();
            }
            retries.failed("full load: " + e.getMessage(), e);
            retryAtNanos = System.nanoTime() + retries.backoffMillis() * 1_000_000;
            return null;
        }
    }

    /** The next page of rows, moving past finished segments; null once all are loaded. */
    private List<SourceRecord> read() throws SQLException, InterruptedException {
        while (!work.isEmpty()) {
            Work current = work.peek();
            List<SegmentReader.Row> page = current.reader().nextPage(current.rows());
            retries.succeeded();
            List<SourceRecord> records = new ArrayList<>(page.size() + 2);
            if (announce.remove(current.partition())) {
                records.add(source.announcement(current.table()));
            }
            if (page.isEmpty()) {
                checkLayout(current);
                work.poll();
                LOG.info(
                        "Segment {} of {} loaded",
                        current.partition().get(SegmentOffsets.SEGMENT),
                        current.table().id());
                if (work.isEmpty()) {
                    LOG.info("Full load of this task's segments done: {} rows", rows);
                }
                // Its end is stored with a heartbeat (no sink of the tables reads it): a
                // restart reads nothing of it again, and the connector tells the load is done.
                records.add(
                        source.heartbeat(
                                current.partition(), SegmentOffsets.loaded(current.table().key())));
                if (work.isEmpty()) {
                    // An open transaction (the snapshot's) holds back the database's clean-up.
                    connections.reset();
                    closeSource();
                }
                return records;
            }
            for (SegmentReader.Row row : page) {
                SourceRecord event =
                        source.event(
                                current.table(),
                                row.values(),
                                current.partition(),
                                SegmentOffsets.offset(
                                        current.table().key(),
                                        row.key(),
                                        current.reader().progress().until().orElseThrow()));
                // DMS reads only the rows the selection's source filters pass.
                if (current.plan().accepts(((Struct) event.value()).getStruct("after"))) {
                    records.add(event);
                }
            }
            rows += page.size();
            return records;
        }
        // Loaded: nothing more to send until the connector is stopped.
        closeSource();
        stopped.await(1, TimeUnit.SECONDS);
        return null;
    }

    @Override
    public void stop() {
        stopped.countDown();
        closeSource();
    }

    /** Opened under the lock stop closes it with: never after a stop. */
    private synchronized void openSource() throws SQLException {
        if (stopped.getCount() == 0) {
            throw new ConnectException("the task is stopping");
        }
        source = SourceTables.open(config);
        connections =
                new SnapshotConnections(
                        source::connection,
                        Optional.ofNullable(snapshot).filter(s -> !s.isBlank()));
    }

    private synchronized void closeSource() {
        if (connections != null) {
            connections.close();
        }
        if (source != null) {
            try {
                source.close();
            } catch (SQLException e) {
                LOG.warn("Closing the source connection: {}", e.getMessage());
            }
            source = null;
        }
    }
}
