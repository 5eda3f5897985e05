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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which segments a full load reads, in which order, and which task reads each: the selected tables
 * by DMS's {@code load-order} (higher first), then by name as DMS orders them; each table cut as
 * its {@code table-settings} rule's {@code parallel-load} says, a {@code ranges} rule giving its
 * ranges and one segment more for the rows no range takes. Segments are dealt to tasks in turn, so
 * a table's segments load side by side.
 */
final class LoadPlan {
    /** A table's segment, numbered from 0 in the order {@link #ranges} gives them. */
    record Segment(TableId table, int index) {}

    private final MappingDocument document;
    private final TablePlanner planner;

    LoadPlan(MappingDocument document) {
        this.document = document;
        this.planner = new TablePlanner(document);
    }

    /**
     * Refuses what the full load does not carry out, naming the rule: {@code partitions-auto},
     * {@code subpartitions-auto} and {@code partitions-list} (not read yet), and two rules cutting
     * one table.
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
                    && !(load.get() instanceof ParallelLoad.Ranges
                            || load.get() instanceof ParallelLoad.None)) {
                throw MappingException.at(
                        Integer.toString(rule.ruleId()),
                        "parallel-load.type",
                        "is not carried out by Ferry's full load yet: use ranges, or none");
            }
        }
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

    /** The segments of {@code tables}, in load order. */
    List<Segment> segments(List<TableId> tables) {
        List<Segment> segments = new ArrayList<>();
        for (TableId table : tables) {
            int count = rangesRule(table).map(r -> r.segments().size() + 1).orElse(1);
            for (int i = 0; i < count; i++) {
                segments.add(new Segment(table, i));
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
     * The ranges of {@code table}, segment by segment: its rule's ranges then the rest, or the
     * whole table.
     *
     * @param types the JDBC type of each column, to bind the boundaries as
     */
    List<SegmentRange> ranges(Engine engine, TableId table, Map<String, Integer> types) {
        Optional<ParallelLoad.Ranges> rule = rangesRule(table);
        if (rule.isEmpty()) {
            return List.of(SegmentRange.all());
        }
        List<SegmentRange> ranges = new ArrayList<>();
        for (RangeSegment segment : rule.get().segments()) {
            ranges.add(SegmentRange.of(engine, segment, types));
        }
        List<SegmentRange> all = new ArrayList<>(ranges);
        all.add(SegmentRange.rest(ranges));
        return all;
    }

    private Optional<ParallelLoad.Ranges> rangesRule(TableId table) {
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
        return rules.stream()
                .map(r -> r.parallelLoad().get())
                .filter(ParallelLoad.Ranges.class::isInstance)
                .map(ParallelLoad.Ranges.class::cast)
                .findFirst();
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
