package io.ferry.dms.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code table-settings} rule's {@code parallel-load}: how DMS splits one table's full load into
 * segments loaded in parallel. Partitions are named by the source; {@code ranges} cut the table at
 * the rule's own column values.
 */
public sealed interface ParallelLoad {

    /** {@code partitions-auto}: one segment per partition the table already has. */
    record PartitionsAuto() implements ParallelLoad {}

    /** {@code subpartitions-auto}: one segment per subpartition (Oracle). */
    record SubpartitionsAuto() implements ParallelLoad {}

    /**
     * {@code partitions-list}: one segment per named partition and (Oracle) subpartition; either
     * list may be empty, not both.
     */
    record PartitionsList(List<String> partitions, List<String> subpartitions)
            implements ParallelLoad {}

    /** {@code none}: the table is loaded whole. */
    record None() implements ParallelLoad {}

    /**
     * {@code ranges}: each boundary is one value per column and the upper bound of one segment,
     * bottom to next-to-top; rows above the last boundary make the top segment, so there are {@code
     * boundaries.size() + 1} segments. {@code segmentNames} is empty or names each of them.
     */
    record Ranges(
            List<String> columns, List<List<BoundValue>> boundaries, List<String> segmentNames)
            implements ParallelLoad {

        /** The segments in order, numbered from 1 as DMS numbers them. */
        public List<RangeSegment> segments() {
            List<RangeSegment> segments = new ArrayList<>();
            for (int k = 0; k <= boundaries.size(); k++) {
                segments.add(
                        new RangeSegment(
                                k + 1,
                                segmentNames.isEmpty()
                                        ? Optional.empty()
                                        : Optional.of(segmentNames.get(k)),
                                columns,
                                k == 0 ? Optional.empty() : Optional.of(boundaries.get(k - 1)),
                                k == boundaries.size()
                                        ? Optional.empty()
                                        : Optional.of(boundaries.get(k))));
            }
            return List.copyOf(segments);
        }
    }

    /**
     * One boundary value as the rule writes it, and whether it was a JSON number. Its real type is
     * the column's, which only the source knows, so it is not guessed here.
     */
    record BoundValue(String text, boolean number) {}
}
