package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and checks an {@code object-mapping} rule. */
final class ObjectMappingParser {
    private ObjectMappingParser() {}

    static ObjectMappingRule parse(RuleReader r) {
        String action = r.requiredText("rule-action");
        ObjectMappingRule.Action parsed =
                switch (action) {
                    case "map-record-to-record" -> ObjectMappingRule.Action.MAP_RECORD_TO_RECORD;
                    case "map-record-to-document" ->
                            ObjectMappingRule.Action.MAP_RECORD_TO_DOCUMENT;
                    default ->
                            throw r.error(
                                    "rule-action",
                                    "is '"
                                            + action
                                            + "'; an object-mapping rule takes map-record-to-record or"
                                            + " map-record-to-document");
                };
        ObjectLocator locator = r.locator(true, false);
        JsonNode parameters = r.node("mapping-parameters");
        if (parameters != null && !parameters.isObject()) {
            throw r.error("mapping-parameters", "must be a JSON object");
        }
        RuleReader p = parameters == null ? null : new RuleReader(r.id(), parameters);
        return new ObjectMappingRule(
                r.numericId(),
                parsed,
                locator,
                r.optionalText("target-table-name"),
                p == null ? null : p.optionalText("partition-key-name"),
                p == null ? null : p.optionalText("sort-key-name"),
                p == null ? List.of() : strings(p, "exclude-columns"),
                p == null ? List.of() : attributes(p),
                p == null ? null : condition(p));
    }

    private static ObjectMappingRule.Condition condition(RuleReader p) {
        JsonNode node = p.node("condition-expression");
        if (node == null || node.isNull()) {
            return null;
        }
        String field = "mapping-parameters.condition-expression";
        if (!node.isObject()) {
            throw p.error(field, "must be a JSON object with an expression");
        }
        RuleReader c = new RuleReader(p.id(), node);
        String expression = c.requiredText("expression");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (JsonNode entry : pairs(c, field, "expression-attribute-values")) {
            JsonNode value = entry.get("value");
            if (value == null || !value.isObject() || value.size() != 1) {
                throw c.error(
                        field + ".expression-attribute-values",
                        "each value must be DynamoDB-typed JSON, e.g. {\"N\": \"${version}\"}");
            }
            values.put(entry.get("name").asText(), value);
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode entry : pairs(c, field, "expression-attribute-names")) {
            names.put(entry.get("name").asText(), entry.path("value").asText());
        }
        return new ObjectMappingRule.Condition(
                expression,
                Map.copyOf(values),
                Map.copyOf(names),
                flag(node, "apply-during-full-load", true),
                flag(node, "apply-during-cdc", false));
    }

    /** A list of {@code {"name": ..., "value": ...}} objects. */
    private static List<JsonNode> pairs(RuleReader c, String field, String list) {
        JsonNode node = c.node(list);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw c.error(field + "." + list, "must be an array of {name, value} objects");
        }
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isObject() || !entry.hasNonNull("name") || !entry.has("value")) {
                throw c.error(field + "." + list, "each entry needs a name and a value");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static boolean flag(JsonNode node, String name, boolean otherwise) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? otherwise : value.asBoolean();
    }

    private static List<String> strings(RuleReader p, String field) {
        JsonNode node = p.node(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw p.error("mapping-parameters." + field, "must be an array of column names");
        }
        node.forEach(n -> values.add(n.asText()));
        return List.copyOf(values);
    }

    private static List<ObjectMappingRule.AttributeMapping> attributes(RuleReader p) {
        JsonNode node = p.node("attribute-mappings");
        List<ObjectMappingRule.AttributeMapping> mappings = new ArrayList<>();
        if (node == null || node.isNull()) {
            return mappings;
        }
        if (!node.isArray()) {
            throw p.error("mapping-parameters.attribute-mappings", "must be an array");
        }
        for (JsonNode entry : node) {
            RuleReader a = new RuleReader(p.id(), entry);
            String name = a.requiredText("target-attribute-name");
            String type = a.requiredText("attribute-type");
            JsonNode value = a.node("value");
            boolean document;
            if (type.equals("scalar")) {
                document = false;
                if (value == null || !value.isValueNode()) {
                    throw a.error(
                            "attribute-mappings[" + name + "].value", "must be a string template");
                }
            } else if (type.equals("document")) {
                document = true;
                if (value == null || !value.isObject()) {
                    throw a.error(
                            "attribute-mappings[" + name + "].value",
                            "must be a DynamoDB-typed JSON object, e.g. {\"M\": {...}}");
                }
            } else {
                throw a.error(
                        "attribute-mappings[" + name + "].attribute-type",
                        "is '" + type + "'; expected scalar or document");
            }
            mappings.add(
                    new ObjectMappingRule.AttributeMapping(
                            name, document, a.optionalText("attribute-sub-type"), value));
        }
        return List.copyOf(mappings);
    }
}
