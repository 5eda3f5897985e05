package io.ferry.source.fullload;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.plan.TablePlan;
import io.ferry.dms.plan.TablePlanner;
import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.ParallelLoad;
import io.ferry.dms.rules.RangeSegment;
import io.ferry.dms.rules.SelectionRule;
import io.ferry.dms.rules.TableSettingsRule;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which segments a full load reads, in which order, and which task reads each: the selected tables
 * by DMS's {@code load-order} (higher first), then by name as DMS orders them; each table cut as
 * its {@code table-settings} rule's {@code parallel-load} says — a {@code ranges} rule giving its
 * ranges and one segment more for the rows no range takes, {@code partitions-auto} a segment per
 * partition, {@code partitions-list} one per listed partition and one more for the others. Segments
 * are dealt to tasks in turn, so a table's segments load side by side.
 */
final class LoadPlan {
    private static final Logger LOG = LoggerFactory.getLogger(LoadPlan.class);

    /**
     * A table's segment, numbered from 0 in the order {@link #ranges} gives them, and named by its
     * {@link SegmentRange#label}: a task finds its segment by name, so partitions that changed
     * since the connector planned the load cannot make it read another one.
     */
    record Segment(TableId table, int index, String label) {}

    /** The partitioning of a table. */
    @FunctionalInterface
    interface Partitions {
        Partitioning of(TableId table) throws SQLException;
    }

    /**
     * A table's partitions by name, in the table's order, and its layout: a digest of every
     * partition's and subpartition's name, method, expression and bounds. A segment of a partition
     * is named with the layout: rows move between partitions when it changes, so progress made
     * under another layout is not this one's.
     */
    record Partitioning(List<String> names, String layout) {
        static final Partitioning NONE = new Partitioning(List.of(), "");

        static String digest(String text) {
            try {
                byte[] hash =
                        java.security.MessageDigest.getInstance("SHA-256")
                                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(hash, 0, 6);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final MappingDocument document;
    private final TablePlanner planner;

    LoadPlan(MappingDocument document) {
        this.document = document;
        this.planner = new TablePlanner(document);
    }

    /**
     * Refuses what the full load does not carry out from any source, naming the rule: LOB settings,
     * subpartitions (Oracle's, in DMS), and two rules cutting one table.
     */
    static void check(MappingDocument document) {
        // table-settings rules name one table exactly
        Map<List<String>, Integer> cut = new java.util.HashMap<>();
        for (TableSettingsRule rule : document.tableSettings()) {
            if (rule.lob().isPresent()) {
                throw MappingException.at(
                        Integer.toString(rule.ruleId()),
                        "lob-settings",
                        "is not carried out by Ferry's full load: it sends LOBs whole");
            }
            if (rule.parallelLoad().isPresent()) {
                Integer first =
                        cut.putIfAbsent(
                                List.of(
                                        rule.locator().schema().text(),
                                        rule.locator().table().text()),
                                rule.ruleId());
                if (first != null) {
                    throw MappingException.at(
                            Integer.toString(rule.ruleId()),
                            "parallel-load",
                            "cuts the table rule-id " + first + " cuts already");
                }
            }
            Optional<ParallelLoad> load = rule.parallelLoad();
            if (load.isPresent()
                    && (load.get() instanceof ParallelLoad.SubpartitionsAuto
                            || (load.get() instanceof ParallelLoad.PartitionsList list
                                    && !list.subpartitions().isEmpty()))) {
                throw MappingException.at(
                        Integer.toString(rule.ruleId()),
                        "parallel-load",
                        "subpartitions are read from Oracle sources only, as in DMS: use"
                                + " partitions-auto, partitions-list with partitions, or ranges");
            }
        }
    }

    /**
     * Refuses what the full load does not read from {@code engine}, naming the rule: what {@link
     * #check(MappingDocument)} refuses, and partitions of a PostgreSQL source (DMS cuts those by
     * {@code ranges} only).
     */
    static void check(MappingDocument document, Engine engine) {
        check(document);
        if (engine != Engine.POSTGRES && engine != Engine.MARIADB) {
            return; // the engine's own key refuses it
        }
        for (TableSettingsRule rule : document.tableSettings()) {
            if (rule.parallelLoad().filter(load -> !reads(load, engine)).isPresent()) {
                throw MappingException.at(
                        Integer.toString(rule.ruleId()),
                        "parallel-load",
                        "a "
                                + engine.name().toLowerCase(java.util.Locale.ROOT)
                                + " source is cut by ranges only, as in DMS: partitions-auto and"
                                + " partitions-list are for MySQL and MariaDB sources");
            }
        }
    }

    /** Whether the full load reads a table cut by {@code load} from {@code engine}. */
    static boolean reads(ParallelLoad load, Engine engine) {
        boolean partitions =
                load instanceof ParallelLoad.PartitionsAuto
                        || (load instanceof ParallelLoad.PartitionsList list
                                && list.subpartitions().isEmpty());
        return load instanceof ParallelLoad.Ranges
                || load instanceof ParallelLoad.None
                || (partitions && engine == Engine.MARIADB);
    }

    /** The selected tables of {@code present}, in load order. */
    List<TableId> selected(List<TableId> present) {
        return present.stream()
                .filter(table -> planner.plan(table).selected())
                .sorted(
                        Comparator.comparingInt((TableId t) -> -loadOrder(t))
                                .thenComparing(TableId::schema)
                                .thenComparing(TableId::table))
                .toList();
    }

    /**
     * What the mapping decides for {@code table}'s rows: its source filters keep a row the same way
     * the table-mapping SMT does.
     */
    TablePlan table(TableId table) {
        return planner.plan(table);
    }

    /** The segments of the tables, in the order of {@code ranges} (load order). */
    static List<Segment> segments(Map<TableId, List<SegmentRange>> ranges) {
        List<Segment> segments = new ArrayList<>();
        for (Map.Entry<TableId, List<SegmentRange>> table : ranges.entrySet()) {
            for (int i = 0; i < table.getValue().size(); i++) {
                segments.add(new Segment(table.getKey(), i, table.getValue().get(i).label()));
            }
        }
        return segments;
    }

    /** {@code segments} dealt to at most {@code tasks} tasks in turn; no task is left empty. */
    static List<List<Segment>> deal(List<Segment> segments, int tasks) {
        int count = Math.max(1, Math.min(tasks, segments.size()));
        List<List<Segment>> dealt = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dealt.add(new ArrayList<>());
        }
        for (int i = 0; i < segments.size(); i++) {
            dealt.get(i % count).add(segments.get(i));
        }
        return dealt;
    }

    /**
     * The segments of {@code table}: its rule's ranges then the rest; its partitions (the listed
     * ones, then the others); or the whole table.
     *
     * @param types the JDBC type of each column, to bind the boundaries as
     * @param partitions the source's partitions of a table
     */
    List<SegmentRange> ranges(
            Engine engine, TableId table, Map<String, Integer> types, Partitions partitions)
            throws SQLException {
        ParallelLoad rule = rule(table).orElse(new ParallelLoad.None());
        if (rule instanceof ParallelLoad.Ranges cut) {
            List<SegmentRange> ranges = new ArrayList<>();
            for (RangeSegment segment : cut.segments()) {
                ranges.add(SegmentRange.of(engine, segment, types));
            }
            List<SegmentRange> all = new ArrayList<>(ranges);
            all.add(SegmentRange.rest(ranges));
            return all;
        }
        if (!(rule instanceof ParallelLoad.PartitionsAuto
                || rule instanceof ParallelLoad.PartitionsList)) {
            return List.of(SegmentRange.all());
        }
        Partitioning present = partitions.of(table);
        if (present.names().isEmpty()) {
            // DMS reads a table without partitions whole (the seeds cut such a table so).
            return List.of(SegmentRange.all());
        }
        if (rule instanceof ParallelLoad.PartitionsList list) {
            return listed(table, list.partitions(), present);
        }
        return present.names().stream()
                .map(name -> SegmentRange.partition(name, present.layout()))
                .toList();
    }

    /** The listed partitions, in the table's order, then the others as one segment. */
    private static List<SegmentRange> listed(
            TableId table, List<String> listed, Partitioning present) {
        List<SegmentRange> segments = new ArrayList<>();
        List<String> others = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        listed.forEach(name -> named.add(name.toLowerCase(java.util.Locale.ROOT)));
        for (String partition : present.names()) {
            // MySQL and MariaDB match partition names without regard to case.
            if (named.remove(partition.toLowerCase(java.util.Locale.ROOT))) {
                segments.add(SegmentRange.partition(partition, present.layout()));
            } else {
                others.add(partition);
            }
        }
        if (!named.isEmpty()) {
            LOG.warn(
                    "partitions-list of {} names partitions the table does not have: {}",
                    table,
                    named);
        }
        if (!others.isEmpty()) {
            segments.add(SegmentRange.unlisted(others, present.layout()));
        }
        return segments;
    }

    private Optional<ParallelLoad> rule(TableId table) {
        List<TableSettingsRule> rules =
                document.tableSettings().stream()
                        .filter(r -> r.parallelLoad().isPresent() && r.matches(table))
                        .toList();
        if (rules.size() > 1) {
            throw MappingException.at(
                    Integer.toString(rules.get(1).ruleId()),
                    "parallel-load",
                    "cuts " + table + " again: rule-id " + rules.get(0).ruleId() + " does");
        }
        return rules.stream().map(r -> r.parallelLoad().get()).findFirst();
    }

    private int loadOrder(TableId table) {
        return document.selections().stream()
                .filter(r -> r.action() != SelectionRule.Action.EXCLUDE && r.matches(table))
                .map(SelectionRule::loadOrder)
                .filter(order -> order != null)
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
    }
}
