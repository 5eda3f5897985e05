package io.ferry.source.fullload;

import io.ferry.common.PluginVersion;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.plan.TablePlan;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * carries its segment's progress. Resumes each segment after the last key Connect committed for it.
 */
public final class FullLoadSourceTask extends SourceTask {
    static final String SEGMENTS = "full.load.segments";
    private static final Logger LOG = LoggerFactory.getLogger(FullLoadSourceTask.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private DebeziumTables source;
    private final Deque<Work> work = new ArrayDeque<>();
    private long rows;
    private final Retries retries = new Retries(Duration.ofMinutes(5));

    /** One segment to read: its table, reader and name in the offsets. */
    private record Work(
            DebeziumTables.Loaded table,
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
                .map(s -> s.table().schema() + "\t" + s.table().table() + "\t" + s.index())
                .collect(Collectors.joining("\n"));
    }

    static List<LoadPlan.Segment> decode(String text) {
        List<LoadPlan.Segment> segments = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split("\t");
            segments.add(
                    new LoadPlan.Segment(
                            new TableId(parts[0], parts[1]), Integer.parseInt(parts[2])));
        }
        return segments;
    }

    @Override
    public void start(Map<String, String> props) {
        FullLoadConfig config = new FullLoadConfig(props);
        Engine engine = config.engine();
        LoadPlan plan = new LoadPlan(config.mappings());
        List<LoadPlan.Segment> segments = decode(props.get(SEGMENTS));
        try {
            source = SourceTables.open(config);
            Map<TableId, DebeziumTables.Loaded> tables =
                    source.read(
                            new ArrayList<>(
                                    segments.stream()
                                            .map(LoadPlan.Segment::table)
                                            .collect(Collectors.toCollection(LinkedHashSet::new))));
            Map<TableId, List<SegmentRange>> ranges = new HashMap<>();
            List<Map<String, Object>> partitions = new ArrayList<>();
            List<Object[]> planned = new ArrayList<>();
            for (LoadPlan.Segment segment : segments) {
                DebeziumTables.Loaded table = tables.get(segment.table());
                if (table == null) {
                    throw new ConnectException(
                            "table " + segment.table() + " is gone from the source");
                }
                if (table.key().isEmpty()) {
                    throw new ConnectException(
                            "table "
                                    + segment.table()
                                    + " has no primary key: Ferry's full load reads a table in"
                                    + " the order of its key, to resume without a gap");
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
                                            table.columns())));
                }
                SegmentRange range = ranges.get(segment.table()).get(segment.index());
                Map<String, Object> partition = SegmentOffsets.partition(segment.table(), range);
                partitions.add(partition);
                planned.add(new Object[] {table, range, partition});
            }
            Map<Map<String, Object>, Map<String, Object>> offsets =
                    context.offsetStorageReader().offsets(partitions);
            for (Object[] p : planned) {
                DebeziumTables.Loaded table = (DebeziumTables.Loaded) p[0];
                SegmentRange range = (SegmentRange) p[1];
                @SuppressWarnings("unchecked")
                Map<String, Object> partition = (Map<String, Object>) p[2];
                Map<String, Integer> keyTypes =
                        ColumnTypes.of(source.connection(), engine, table.id(), table.key());
                SegmentReader.Progress progress =
                        SegmentOffsets.progress(offsets.get(partition), table.key());
                SegmentQuery query =
                        new SegmentQuery(
                                engine,
                                table.id(),
                                table.columns(),
                                table.key(),
                                range,
                                config.commitRate());
                work.add(
                        new Work(
                                table,
                                plan.table(table.id()),
                                new SegmentReader(
                                        source::connection, engine, query, keyTypes, progress),
                                source.rows(table),
                                partition));
                LOG.info(
                        "Segment {} of {}: {}",
                        range.label(),
                        table.id(),
                        progress.after()
                                .map(k -> "resumes after key " + k)
                                .orElse("from its first row"));
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot start the full load: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        while (!work.isEmpty()) {
            Work current = work.peek();
            List<SegmentReader.Row> page;
            try {
                page = current.reader().nextPage(current.rows());
                retries.succeeded();
            } catch (SQLException e) {
                String what = "reading " + current.table().id() + ": " + e.getMessage();
                if (!SourceErrors.transient_(e)) {
                    throw new ConnectException(what, e);
                }
                // The reader stands where the last page ended: the page is read again.
                retries.failed(what, e);
                stopped.await(retries.backoffMillis(), TimeUnit.MILLISECONDS);
                return null;
            }
            if (page.isEmpty()) {
                work.poll();
                LOG.info(
                        "Segment {} of {} loaded",
                        current.partition().get(SegmentOffsets.SEGMENT),
                        current.table().id());
                if (work.isEmpty()) {
                    LOG.info("Full load of this task's segments done: {} rows", rows);
                }
                continue;
            }
            List<SourceRecord> records = new ArrayList<>(page.size());
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
            rows += records.size();
            return records;
        }
        // Loaded: nothing more to send until the connector is stopped.
        stopped.await(1, TimeUnit.SECONDS);
        return null;
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (source != null) {
            try {
                source.close();
            } catch (SQLException e) {
                LOG.warn("Closing the source connection: {}", e.getMessage());
            }
        }
    }
}
