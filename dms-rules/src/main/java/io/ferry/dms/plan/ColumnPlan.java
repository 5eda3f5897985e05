package io.ferry.dms.plan;

import io.ferry.common.TableId;
import io.ferry.dms.expr.DataType;
import io.ferry.dms.rules.TransformAction;
import io.ferry.dms.rules.TransformationRule;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happens to each column of one table: rules of different kinds combine — a {@code
 * remove-column} drops it whatever else matches, then its name rule, its type rule and its mask
 * apply together (the parser refuses two rules of one kind on one column); {@code include-column}
 * rules switch the table to "drop unless included". Resolved once per column name, then cached;
 * thread-safe.
 */
public final class ColumnPlan {
    private final TableId table;
    private final List<TransformationRule> rules;
    private final boolean includeOnly;
    private static final int MAX_RESOLVED = 10_000;

    private final Map<String, Optional<MappedColumn>> resolved = new ConcurrentHashMap<>();

    ColumnPlan(TableId table, List<TransformationRule> columnRules) {
        this.table = table;
        this.rules = columnRules;
        this.includeOnly =
                columnRules.stream().anyMatch(r -> r.action() == TransformAction.INCLUDE_COLUMN);
    }

    /** The column's target, or empty when the column is dropped. */
    public Optional<MappedColumn> resolve(String column) {
        // Schemaless rows can name any column: the cache stays bounded.
        if (resolved.size() >= MAX_RESOLVED) {
            resolved.clear();
        }
        return resolved.computeIfAbsent(column, this::decide);
    }

    /** True when no rule touches any column: rows pass through unchanged. */
    public boolean isIdentity() {
        return rules.isEmpty();
    }

    private Optional<MappedColumn> decide(String column) {
        List<TransformationRule> matching =
                rules.stream().filter(r -> r.locator().matchesColumn(table, column)).toList();
        if (includeOnly
                && matching.stream().noneMatch(r -> r.action() == TransformAction.INCLUDE_COLUMN)) {
            return Optional.empty();
        }
        // A removal is never shadowed by a rule of another kind on the same column.
        if (matching.stream().anyMatch(r -> r.action() == TransformAction.REMOVE_COLUMN)) {
            return Optional.empty();
        }
        String name =
                matching.stream()
                        .filter(r -> r.action().changesName())
                        .min(BY_ID)
                        .map(r -> r.renamer().apply(column))
                        .orElse(column);
        DataType type =
                matching.stream()
                        .filter(r -> r.action() == TransformAction.CHANGE_DATA_TYPE)
                        .min(BY_ID)
                        .map(TransformationRule::dataType)
                        .orElse(null);
        return Optional.of(
                new MappedColumn(
                        name,
                        matching.stream()
                                .filter(r -> r.action().isMasking())
                                .min(BY_ID)
                                .map(ColumnPlan::mask)
                                .orElse(null),
                        type));
    }

    private static final Comparator<TransformationRule> BY_ID =
            Comparator.comparingInt(TransformationRule::ruleId);

    private static java.util.function.UnaryOperator<String> mask(TransformationRule rule) {
        char character = rule.value() == null ? '*' : rule.value().charAt(0);
        return ColumnMask.fromRuleAction(rule.action().jsonName()).function(character);
    }
}
