package io.ferry.tablemapping.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

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
        if (p != null && p.node("condition-expression") != null) {
            throw r.error(
                    "mapping-parameters.condition-expression",
                    "is not supported yet by Ferry's DynamoDB sink");
        }
        return new ObjectMappingRule(
                r.numericId(),
                parsed,
                locator,
                r.optionalText("target-table-name"),
                p == null ? null : p.optionalText("partition-key-name"),
                p == null ? null : p.optionalText("sort-key-name"),
                p == null ? List.of() : strings(p, "exclude-columns"),
                p == null ? List.of() : attributes(p));
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
