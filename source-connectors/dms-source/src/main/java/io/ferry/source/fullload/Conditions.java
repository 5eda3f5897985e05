package io.ferry.source.fullload;

import io.ferry.dms.Engine;
import io.ferry.dms.rules.RangeSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders DMS's lexicographic comparisons ({@link RangeSegment#lexicographic}) as SQL: each value a
 * placeholder, added to the parameters in the order of the placeholders.
 */
final class Conditions {
    private Conditions() {}

    static String render(
            Engine engine,
            List<List<RangeSegment.Term>> any,
            List<BoundParameter> values,
            List<BoundParameter> parameters) {
        List<String> alternatives = new ArrayList<>();
        for (List<RangeSegment.Term> all : any) {
            List<String> terms = new ArrayList<>();
            for (RangeSegment.Term term : all) {
                terms.add(engine.quote(term.column()) + " " + symbol(term.op()) + " ?");
                parameters.add(values.get(term.valueIndex()));
            }
            alternatives.add("(" + String.join(" AND ", terms) + ")");
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    private static String symbol(RangeSegment.Op op) {
        return switch (op) {
            case EQUAL -> "=";
            case LESS -> "<";
            case GREATER -> ">";
        };
    }
}
