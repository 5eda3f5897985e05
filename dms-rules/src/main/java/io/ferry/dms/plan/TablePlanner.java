package io.ferry.dms.plan;

import io.ferry.common.TableId;
import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.RuleTarget;
import io.ferry.dms.rules.SelectionRule;
import io.ferry.dms.rules.TransformAction;
import io.ferry.dms.rules.TransformationRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Applies a mapping document's rules to one source table to make its {@link TablePlan}. Selection:
 * an {@code exclude} rule that matches wins over any include; otherwise a matching {@code include}
 * or {@code explicit} rule selects the table. Names: the lowest rule-id among matching rules for
 * the schema, and for the table, decides each name.
 */
public final class TablePlanner {
    private final MappingDocument document;

    public TablePlanner(MappingDocument document) {
        this.document = document;
    }

    public TablePlan plan(TableId source) {
        List<SelectionRule> matching =
                document.selections().stream().filter(s -> s.matches(source)).toList();
        boolean excluded =
                matching.stream().anyMatch(s -> s.action() == SelectionRule.Action.EXCLUDE);
        List<SelectionRule> includes =
                matching.stream().filter(s -> s.action() != SelectionRule.Action.EXCLUDE).toList();
        if (excluded || includes.isEmpty()) {
            return new TablePlan(
                    false,
                    List.of(),
                    source,
                    new ColumnPlan(source, List.of()),
                    List.of(),
                    List.of(),
                    null);
        }
        return new TablePlan(
                true,
                filters(includes),
                target(source),
                columns(source),
                added(source),
                keyColumns(source),
                lowest(TransformAction.ADD_BEFORE_IMAGE_COLUMNS, source).orElse(null));
    }

    // A table selected by one rule without filters keeps every row.
    private static List<RowFilter> filters(List<SelectionRule> includes) {
        if (includes.stream().anyMatch(s -> s.filters().isEmpty())) {
            return List.of();
        }
        List<RowFilter> filters = new ArrayList<>();
        for (SelectionRule include : includes) {
            filters.add(new RowFilter(include.filters()));
        }
        return List.copyOf(filters);
    }

    private TableId target(TableId source) {
        String schema =
                rename(
                        source.schema(),
                        RuleTarget.SCHEMA,
                        r -> r.locator().matchesSchema(source.schema()));
        String table =
                rename(source.table(), RuleTarget.TABLE, r -> r.locator().matchesTable(source));
        return new TableId(schema, table);
    }

    private String rename(String name, RuleTarget target, Predicate<TransformationRule> matches) {
        return document.transformations().stream()
                .filter(r -> r.target() == target && r.action().changesName() && matches.test(r))
                .min(Comparator.comparingInt(TransformationRule::ruleId))
                .map(r -> r.renamer().apply(name))
                .orElse(name);
    }

    private List<String> keyColumns(TableId source) {
        return lowest(TransformAction.DEFINE_PRIMARY_KEY, source)
                .map(TransformationRule::keyColumns)
                .orElse(List.of());
    }

    private Optional<TransformationRule> lowest(TransformAction action, TableId source) {
        return document.transformations().stream()
                .filter(r -> r.action() == action && r.locator().matchesTable(source))
                .min(Comparator.comparingInt(TransformationRule::ruleId));
    }

    private List<AddedColumn> added(TableId source) {
        return document.transformations().stream()
                .filter(
                        r ->
                                r.action() == TransformAction.ADD_COLUMN
                                        && r.locator().matchesTable(source))
                .map(AddedColumn::new)
                .toList();
    }

    private ColumnPlan columns(TableId source) {
        List<TransformationRule> rules =
                document.transformations().stream()
                        .filter(
                                r ->
                                        r.target() == RuleTarget.COLUMN
                                                && r.locator().matchesTable(source))
                        .toList();
        return new ColumnPlan(source, rules);
    }
}
