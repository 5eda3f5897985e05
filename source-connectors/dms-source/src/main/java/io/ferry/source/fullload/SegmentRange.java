package io.ferry.source.fullload;

import io.ferry.dms.Engine;
import io.ferry.dms.rules.ParallelLoad.BoundValue;
import io.ferry.dms.rules.RangeSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one segment: a DMS range, as a condition ({@code NOT below(lower) AND below(upper)}),
 * or the rows no range takes; or the table's partitions a segment reads. DMS does not load the rows
 * no range takes — rows whose range columns hold a NULL where the comparison needs them — and says
 * so; Ferry loads them as one more segment, so no row is left out.
 */
abstract sealed class SegmentRange {
    /** The condition, its values added to {@code parameters}; empty when it takes every row. */
    abstract Optional<String> condition(Engine engine, List<BoundParameter> parameters);

    /**
     * The segment in words, its bounds included: it names the segment's progress in the source
     * offsets, so a rule whose bounds change starts new segments instead of resuming others.
     */
    abstract String label();

    /** The partitions the segment reads ({@code FROM t PARTITION (...)}); empty: the table's. */
    List<String> partitions() {
        return List.of();
    }

    /** The whole table. */
    static SegmentRange all() {
        return new All("whole table");
    }

    /**
     * The whole table, read as one segment instead of {@code cut} because it was empty when the
     * load was planned: so it is announced before its rows, and an empty table arrives. Its name
     * says so, and which cut it stands for: a restart keeps the decision, a new rule does not.
     */
    static SegmentRange emptyWhenPlanned(List<SegmentRange> cut) {
        return new All(
                "whole table, empty when planned instead of cut "
                        + LoadPlan.Partitioning.digest(
                                String.join("\n", cut.stream().map(SegmentRange::label).toList())));
    }

    /** Whether the segment is the whole table. */
    boolean whole() {
        return false;
    }

    /**
     * The partitions' layout the segment was planned under (a digest), for a segment of partitions:
     * its rows are those partitions' only while the layout stays.
     */
    Optional<String> layout() {
        return Optional.empty();
    }

    /** One partition of the table (MySQL, MariaDB), under the table's {@code layout}. */
    static SegmentRange partition(String name, String layout) {
        return new Partitions(List.of(name), "partition " + name, layout);
    }

    /**
     * The partitions a {@code partitions-list} rule leaves out: DMS loads only the listed ones;
     * Ferry loads the others too, as one segment, so no row is left out.
     */
    static SegmentRange unlisted(List<String> names, String layout) {
        return new Partitions(names, "partitions not listed: " + String.join(", ", names), layout);
    }

    /**
     * A DMS range segment.
     *
     * @param types the JDBC type of each range column, to bind the boundaries as
     */
    static SegmentRange of(Engine engine, RangeSegment segment, Map<String, Integer> types) {
        return new Range(
                segment,
                segment.lower().map(bound -> values(engine, segment, types, bound)),
                segment.upper().map(bound -> values(engine, segment, types, bound)));
    }

    /** The rows none of {@code ranges} takes. */
    static SegmentRange rest(List<SegmentRange> ranges) {
        return new Rest(List.copyOf(ranges));
    }

    private static List<BoundParameter> values(
            Engine engine,
            RangeSegment segment,
            Map<String, Integer> types,
            List<BoundValue> bound) {
        List<BoundParameter> values = new ArrayList<>();
        for (int i = 0; i < bound.size(); i++) {
            String column = segment.columns().get(i);
            Integer type = types.get(column);
            if (type == null) {
                throw new IllegalArgumentException("the table has no column " + column);
            }
            values.add(BoundParameter.boundary(engine, column, type, bound.get(i)));
        }
        return values;
    }

    private static final class Range extends SegmentRange {
        private final RangeSegment segment;
        private final Optional<List<BoundParameter>> lower;
        private final Optional<List<BoundParameter>> upper;

        Range(
                RangeSegment segment,
                Optional<List<BoundParameter>> lower,
                Optional<List<BoundParameter>> upper) {
            this.segment = segment;
            this.lower = lower;
            this.upper = upper;
        }

        @Override
        String label() {
            return "ranges "
                    + tuple(segment.columns())
                    + segment.lower().map(b -> " from " + values(b)).orElse("")
                    + segment.upper().map(b -> " below " + values(b)).orElse("");
        }

        private static String values(List<BoundValue> bound) {
            return tuple(bound.stream().map(BoundValue::text).toList());
        }

        private static String tuple(List<String> items) {
            return "(" + String.join(", ", items) + ")";
        }

        @Override
        Optional<String> condition(Engine engine, List<BoundParameter> parameters) {
            List<String> parts = new ArrayList<>();
            lower.ifPresent(
                    values ->
                            parts.add(
                                    "NOT "
                                            + Conditions.render(
                                                    engine, segment.below(), values, parameters)));
            upper.ifPresent(
                    values ->
                            parts.add(
                                    Conditions.render(
                                            engine, segment.below(), values, parameters)));
            return parts.isEmpty()
                    ? Optional.empty()
                    : Optional.of("(" + String.join(" AND ", parts) + ")");
        }
    }

    private static final class Rest extends SegmentRange {
        private final List<SegmentRange> ranges;

        Rest(List<SegmentRange> ranges) {
            this.ranges = ranges;
        }

        @Override
        String label() {
            return "rows no range takes of "
                    + String.join("; ", ranges.stream().map(SegmentRange::label).toList());
        }

        @Override
        Optional<String> condition(Engine engine, List<BoundParameter> parameters) {
            List<String> taken = new ArrayList<>();
            for (SegmentRange range : ranges) {
                Optional<String> condition = range.condition(engine, parameters);
                if (condition.isEmpty()) {
                    return Optional.of("1 = 0"); // a range takes every row
                }
                taken.add(condition.get());
            }
            // Unknown (a NULL compared) counts as not taken: IS NOT TRUE, not NOT.
            return Optional.of("(" + String.join(" OR ", taken) + ") IS NOT TRUE");
        }
    }

    private static final class Partitions extends SegmentRange {
        private final List<String> names;
        private final String label;
        private final String layout;

        Partitions(List<String> names, String label, String layout) {
            this.names = List.copyOf(names);
            this.label = label + " (layout " + layout + ")";
            this.layout = layout;
        }

        @Override
        List<String> partitions() {
            return names;
        }

        @Override
        Optional<String> layout() {
            return Optional.of(layout);
        }

        @Override
        Optional<String> condition(Engine engine, List<BoundParameter> parameters) {
            return Optional.empty();
        }

        @Override
        String label() {
            return label;
        }
    }

    private static final class All extends SegmentRange {
        private final String label;

        All(String label) {
            this.label = label;
        }

        @Override
        Optional<String> condition(Engine engine, List<BoundParameter> parameters) {
            return Optional.empty();
        }

        @Override
        boolean whole() {
            return true;
        }

        @Override
        String label() {
            return label;
        }
    }
}
