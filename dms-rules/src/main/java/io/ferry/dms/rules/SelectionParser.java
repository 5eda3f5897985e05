package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses a {@code selection} rule and its source filters. */
final class SelectionParser {
    private SelectionParser() {}

    static SelectionRule parse(RuleReader r) {
        SelectionRule.Action action = action(r);
        ObjectLocator locator = r.locator(true, false);
        if (action == SelectionRule.Action.EXPLICIT
                && !(locator.schema().isLiteral() && locator.table().isLiteral())) {
            throw r.error("object-locator", "cannot hold a wildcard in an explicit selection");
        }
        if (action == SelectionRule.Action.EXPLICIT) {
            locator =
                    new ObjectLocator(
                            locator.schema().exactly(), locator.table().exactly(), null, null);
        }
        List<SourceFilter> filters = filters(r);
        if (!filters.isEmpty() && action != SelectionRule.Action.INCLUDE) {
            throw r.error("filters", "apply only to a rule whose rule-action is include");
        }
        return new SelectionRule(
                r.numericId(), action, locator, tableType(r), loadOrder(r), filters);
    }

    private static SelectionRule.Action action(RuleReader r) {
        String text = r.requiredText("rule-action");
        return switch (text) {
            case "include" -> SelectionRule.Action.INCLUDE;
            case "exclude" -> SelectionRule.Action.EXCLUDE;
            case "explicit" -> SelectionRule.Action.EXPLICIT;
            default ->
                    throw r.error(
                            "rule-action",
                            "is '"
                                    + text
                                    + "'; a selection rule takes include, exclude or explicit");
        };
    }

    private static SelectionRule.TableType tableType(RuleReader r) {
        JsonNode locator = r.node("object-locator");
        JsonNode type = locator.get("table-type");
        if (type == null) {
            return SelectionRule.TableType.TABLE;
        }
        return switch (type.asText()) {
            case "table", "view", "all" ->
                    SelectionRule.TableType.valueOf(type.asText().toUpperCase(Locale.ROOT));
            default ->
                    throw r.error(
                            "object-locator.table-type",
                            "is '" + type.asText() + "'; expected table, view or all");
        };
    }

    private static Integer loadOrder(RuleReader r) {
        JsonNode order = r.node("load-order");
        if (order == null || order.isNull()) {
            return null;
        }
        if (order.isIntegralNumber() || order.asText().matches("-?[0-9]{1,9}")) {
            return order.asInt();
        }
        throw r.error("load-order", "must be a whole number");
    }

    private static List<SourceFilter> filters(RuleReader r) {
        JsonNode filters = r.node("filters");
        if (filters == null || filters.isNull()) {
            return List.of();
        }
        if (!filters.isArray()) {
            throw r.error("filters", "must be an array");
        }
        List<SourceFilter> parsed = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            parsed.add(filter(r, filters.get(i), "filters[" + i + "]"));
        }
        return List.copyOf(parsed);
    }

    private static SourceFilter filter(RuleReader r, JsonNode filter, String path) {
        if (!filter.isObject()) {
            throw r.error(path, "must be an object");
        }
        if (!"source".equals(filter.path("filter-type").asText())) {
            throw r.error(path + ".filter-type", "must be source");
        }
        String column = filter.path("column-name").asText("");
        if (column.isEmpty()) {
            throw r.error(path + ".column-name", "is missing");
        }
        JsonNode conditions = filter.get("filter-conditions");
        if (conditions == null || !conditions.isArray() || conditions.isEmpty()) {
            throw r.error(path + ".filter-conditions", "must be a non-empty array");
        }
        List<FilterCondition> parsed = new ArrayList<>();
        int negatives = 0;
        for (int i = 0; i < conditions.size(); i++) {
            FilterCondition condition =
                    condition(r, conditions.get(i), path + ".filter-conditions[" + i + "]");
            negatives += condition.operator().negative() ? 1 : 0;
            parsed.add(condition);
        }
        if (negatives > 1) {
            throw r.error(
                    path + ".filter-conditions",
                    "has "
                            + negatives
                            + " negative conditions (noteq, notbetween, notnull); DMS allows one per filter");
        }
        return new SourceFilter(column, List.copyOf(parsed));
    }

    private static FilterCondition condition(RuleReader r, JsonNode condition, String path) {
        String name = condition.path("filter-operator").asText("");
        FilterOperator op = FilterOperator.fromName(name);
        if (op == null) {
            throw r.error(
                    path + ".filter-operator",
                    "is '"
                            + name
                            + "'; expected eq, noteq, lte, ste, gte, between, notbetween, null or notnull");
        }
        return switch (op.operands()) {
            case 0 -> new FilterCondition(op, null, null, null);
            case 1 -> new FilterCondition(op, operand(r, condition, path, "value"), null, null);
            default ->
                    new FilterCondition(
                            op,
                            null,
                            operand(r, condition, path, "start-value"),
                            operand(r, condition, path, "end-value"));
        };
    }

    private static String operand(RuleReader r, JsonNode condition, String path, String field) {
        JsonNode value = condition.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            throw r.error(path + "." + field, "is missing");
        }
        return value.asText();
    }
}
