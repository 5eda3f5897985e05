package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads one rule's fields, failing with the rule-id and the field named. */
final class RuleReader {
    private final String id;
    private final JsonNode rule;

    RuleReader(String id, JsonNode rule) {
        this.id = id;
        this.rule = rule;
    }

    String id() {
        return id;
    }

    int numericId() {
        return Integer.parseInt(id);
    }

    JsonNode node(String field) {
        return rule.get(field);
    }

    MappingException error(String field, String problem) {
        return MappingException.at(id, field, problem);
    }

    String requiredText(String field) {
        String text = optionalText(rule, field);
        if (text == null || text.isEmpty()) {
            throw error(field, "is missing");
        }
        return text;
    }

    String optionalText(String field) {
        return optionalText(rule, field);
    }

    private String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw error(field, "must be a string");
        }
        return value.asText();
    }

    /**
     * The {@code object-locator}; {@code schema-name} is always required, {@code table-name} and
     * {@code column-name} when asked for.
     */
    ObjectLocator locator(boolean needsTable, boolean needsColumn) {
        JsonNode locator = rule.get("object-locator");
        if (locator == null || !locator.isObject()) {
            throw error("object-locator", "is missing");
        }
        NamePattern schema = pattern(locator, "schema-name", true);
        NamePattern table = pattern(locator, "table-name", needsTable);
        NamePattern column = pattern(locator, "column-name", needsColumn);
        String dataType = optionalText(locator, "data-type");
        if (dataType != null && dataType.contains("%")) {
            throw error("object-locator.data-type", "cannot hold a wildcard");
        }
        return new ObjectLocator(schema, table, column, dataType);
    }

    private NamePattern pattern(JsonNode locator, String field, boolean required) {
        String text = optionalText(locator, field);
        String path = "object-locator." + field;
        if (text == null || text.isEmpty()) {
            if (required) {
                throw error(path, "is missing");
            }
            return null;
        }
        try {
            return NamePattern.of(text);
        } catch (IllegalArgumentException e) {
            throw error(path, "'" + text + "' " + e.getMessage());
        }
    }
}
