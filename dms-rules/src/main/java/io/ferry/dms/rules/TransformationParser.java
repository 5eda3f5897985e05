package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.dms.expr.DataType;
import io.ferry.dms.expr.Expression;
import io.ferry.dms.expr.ExpressionException;
import io.ferry.dms.expr.ExpressionParser;
import java.util.ArrayList;
import java.util.List;

/** Parses a {@code transformation} rule. */
final class TransformationParser {
    private TransformationParser() {}

    static TransformationRule parse(RuleReader r) {
        String actionName = r.requiredText("rule-action");
        TransformAction action = TransformAction.fromName(actionName);
        if (action == null) {
            throw r.error(
                    "rule-action",
                    "is '" + actionName + "', which is not a DMS transformation action");
        }
        String targetName = r.requiredText("rule-target");
        RuleTarget target = RuleTarget.fromName(targetName);
        if (target == null) {
            throw r.error(
                    "rule-target",
                    "is '"
                            + targetName
                            + "'; expected schema, table, column, table-tablespace or index-tablespace");
        }
        if (!action.allows(target)) {
            throw r.error("rule-target", "'" + targetName + "' cannot be used with " + actionName);
        }
        // add-column names the table it adds to; the new column's name is its value.
        boolean needsColumn =
                target == RuleTarget.COLUMN
                        && action != TransformAction.ADD_COLUMN
                        && action != TransformAction.ADD_BEFORE_IMAGE_COLUMNS;
        ObjectLocator locator = r.locator(target != RuleTarget.SCHEMA, needsColumn);
        if (action == TransformAction.DEFINE_PRIMARY_KEY
                && !(locator.schema().isLiteral() && locator.table().isLiteral())) {
            throw r.error("object-locator", "cannot hold a wildcard with define-primary-key");
        }
        String value = r.optionalText("value");
        String oldValue = r.optionalText("old-value");
        checkOperands(r, action, value, oldValue);
        if (locator.dataType() != null) {
            throw r.error(
                    "object-locator.data-type",
                    "selecting columns by data type is not supported by Ferry yet");
        }
        DataType dataType = null;
        Expression expression = null;
        List<String> keyColumns = List.of();
        BeforeImageDef beforeImage = null;
        boolean softDelete = false;
        if (action == TransformAction.ADD_COLUMN) {
            dataType = dataType(r);
            expression = expression(r);
            String text = r.optionalText("expression");
            softDelete =
                    text != null
                            && ExpressionParser.calls(text, ExpressionParser.OPERATION_INDICATOR);
        } else if (action == TransformAction.CHANGE_DATA_TYPE) {
            dataType = dataType(r);
        } else if (action == TransformAction.DEFINE_PRIMARY_KEY) {
            keyColumns = keyColumns(r);
        } else if (action == TransformAction.ADD_BEFORE_IMAGE_COLUMNS) {
            beforeImage = beforeImage(r);
        }
        return new TransformationRule(
                r.numericId(),
                action,
                target,
                locator,
                value,
                oldValue,
                dataType,
                expression,
                keyColumns,
                beforeImage,
                softDelete);
    }

    private static BeforeImageDef beforeImage(RuleReader r) {
        JsonNode def = r.node("before-image-def");
        if (def != null && !def.isObject()) {
            throw r.error("before-image-def", "must be an object");
        }
        JsonNode d = def == null ? JsonNodeFactory.instance.objectNode() : def;
        String filter = d.path("column-filter").asText("pk-only");
        BeforeImageDef.Filter parsed =
                switch (filter) {
                    case "pk-only" -> BeforeImageDef.Filter.PK_ONLY;
                    case "non-lob" -> BeforeImageDef.Filter.NON_LOB;
                    case "all" -> BeforeImageDef.Filter.ALL;
                    default ->
                            throw r.error(
                                    "before-image-def.column-filter",
                                    "is '" + filter + "'; expected pk-only, non-lob or all");
                };
        return new BeforeImageDef(
                d.path("column-prefix").asText("BI_"), d.path("column-suffix").asText(""), parsed);
    }

    private static List<String> keyColumns(RuleReader r) {
        JsonNode def = r.node("primary-key-def");
        if (def == null || !def.isObject()) {
            throw r.error("primary-key-def", "is missing; define-primary-key needs it");
        }
        String origin = def.path("origin").asText("primary-key");
        if (!origin.equals("primary-key") && !origin.equals("unique-index")) {
            throw r.error(
                    "primary-key-def.origin",
                    "is '" + origin + "'; expected primary-key or unique-index");
        }
        JsonNode columns = def.get("columns");
        if (columns == null || !columns.isArray() || columns.isEmpty()) {
            throw r.error("primary-key-def.columns", "must be a non-empty array of column names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode column : columns) {
            if (!column.isTextual() || column.asText().isEmpty()) {
                throw r.error("primary-key-def.columns", "must hold column names");
            }
            names.add(column.asText());
        }
        return List.copyOf(names);
    }

    private static DataType dataType(RuleReader r) {
        JsonNode node = r.node("data-type");
        if (node == null || !node.isObject()) {
            throw r.error(
                    "data-type", "is missing; " + r.requiredText("rule-action") + " needs it");
        }
        String type = node.path("type").asText("");
        if (!DataType.supports(type)) {
            throw r.error(
                    "data-type.type",
                    "is '"
                            + type
                            + "'; Ferry adds columns of type string, wstring, clob, nclob, int1,"
                            + " int2, int4, int8, uint1, uint2, uint4, uint8, real4, real8, numeric,"
                            + " boolean, date, time, datetime, bytes or blob");
        }
        return new DataType(
                type,
                integer(r, node, "precision"),
                integer(r, node, "scale"),
                integer(r, node, "length"));
    }

    private static Integer integer(RuleReader r, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() && !value.asText().matches("[0-9]{1,4}")) {
            throw r.error("data-type." + field, "must be a whole number");
        }
        return value.asInt();
    }

    private static Expression expression(RuleReader r) {
        String text = r.optionalText("expression");
        if (text == null || text.isBlank()) {
            return bindings -> null;
        }
        try {
            return ExpressionParser.parse(text);
        } catch (ExpressionException e) {
            throw r.error("expression", e.getMessage());
        }
    }

    private static void checkOperands(
            RuleReader r, TransformAction action, String value, String oldValue) {
        if (action.needs() != TransformAction.Needs.NOTHING && (value == null || value.isEmpty())) {
            throw r.error("value", "is missing; " + action.jsonName() + " needs it");
        }
        if (action.needs() == TransformAction.Needs.VALUE_AND_OLD_VALUE
                && (oldValue == null || oldValue.isEmpty())) {
            throw r.error("old-value", "is missing; " + action.jsonName() + " needs it");
        }
        if (action == TransformAction.DATA_MASKING_DIGITS_MASK
                && (value.length() != 1 || value.charAt(0) <= ' ' || value.charAt(0) > '~')) {
            throw r.error("value", "must be one printable ASCII character other than a space");
        }
    }
}
