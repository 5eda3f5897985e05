package io.ferry.dms.rules;

import io.ferry.dms.rules.ParallelLoad.BoundValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Segment {@code number} of a {@code ranges} parallel load. DMS loads it with {@code NOT
 * (below(lower)) AND (below(upper))}, where {@code below(b)} is the column tuple being
 * lexicographically less than {@code b}: {@code (C1 < b1) OR (C1 = b1 AND C2 < b2) OR ...}. So the
 * segment holds {@code lower <= row < upper}: a row equal to a boundary belongs to the segment
 * above it. The first segment has no lower bound, the top one no upper bound.
 *
 * <p>NULLs: DMS says rows with NULL values are not replicated. With SQL's three-valued logic the
 * predicate above gives exactly this: a NULL in the first column puts a row in no segment, and a
 * NULL further right does so when the columns before it equal those of a boundary (otherwise those
 * columns place the row). Ferry renders the same predicate, so it skips the same rows.
 */
public record RangeSegment(
        int number,
        Optional<String> name,
        List<String> columns,
        Optional<List<BoundValue>> lower,
        Optional<List<BoundValue>> upper) {

    /** A comparison of a column with a bound's value. */
    public enum Op {
        EQUAL,
        LESS,
        GREATER
    }

    /** {@code column op bound[valueIndex]}, the bound being {@link #lower} or {@link #upper}. */
    public record Term(String column, Op op, int valueIndex) {}

    /**
     * {@code below(b)} as terms: true when any inner list is all true. Fill in the values of {@link
     * #lower} for the negated part and of {@link #upper} for the other; an absent bound leaves its
     * part out.
     */
    public List<List<Term>> below() {
        return lexicographic(columns, Op.LESS);
    }

    /**
     * The columns compared with a tuple in lexicographic order, DMS's way: {@code (C1 op v1) OR (C1
     * = v1 AND C2 op v2) OR ...}, {@code op} being {@link Op#LESS} or {@link Op#GREATER} (a reader
     * resuming after the last key it read compares the key this way too).
     */
    public static List<List<Term>> lexicographic(List<String> columns, Op op) {
        List<List<Term>> any = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<Term> all = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                all.add(new Term(columns.get(j), Op.EQUAL, j));
            }
            all.add(new Term(columns.get(i), op, i));
            any.add(List.copyOf(all));
        }
        return List.copyOf(any);
    }
}
