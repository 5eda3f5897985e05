package io.ferry.dms.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and checks a DMS table-mapping document. The config validator and the SMT's {@code
 * configure()} both call {@link #parse}, so what validates is exactly what runs.
 */
public final class MappingParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SelectionRule> selections = new ArrayList<>();
    private final List<TransformationRule> transformations = new ArrayList<>();
    private final List<TableSettingsRule> tableSettings = new ArrayList<>();
    private final List<ObjectMappingRule> objectMappings = new ArrayList<>();
    private final Set<String> ruleIds = new HashSet<>();
    private final Set<String> ruleNames = new HashSet<>();

    private MappingParser() {}

    public static MappingDocument parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MappingException("not valid JSON: " + e.getOriginalMessage() + location(e));
        }
        if (root == null || !root.isObject()) {
            throw new MappingException("the document must be a JSON object with a 'rules' array");
        }
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new MappingException("the document has no 'rules' array");
        }
        MappingParser parser = new MappingParser();
        for (int i = 0; i < rules.size(); i++) {
            parser.rule(rules.get(i), i + 1);
        }
        return parser.document();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }

    private MappingDocument document() {
        boolean included =
                selections.stream().anyMatch(s -> s.action() != SelectionRule.Action.EXCLUDE);
        if (!included) {
            throw new MappingException(
                    "at least one selection rule with an include action is required");
        }
        selections.sort(Comparator.comparingInt(SelectionRule::ruleId));
        transformations.sort(Comparator.comparingInt(TransformationRule::ruleId));
        RuleConflicts.check(transformations);
        objectMappings.sort(Comparator.comparingInt(ObjectMappingRule::ruleId));
        tableSettings.sort(Comparator.comparingInt(TableSettingsRule::ruleId));
        return new MappingDocument(
                List.copyOf(selections),
                List.copyOf(transformations),
                List.copyOf(tableSettings),
                List.copyOf(objectMappings));
    }

    private void rule(JsonNode rule, int position) {
        if (!rule.isObject()) {
            throw new MappingException("rule #" + position + " is not a JSON object");
        }
        String id = ruleId(rule, position);
        RuleReader r = new RuleReader(id, rule);
        String name = r.requiredText("rule-name");
        if (!ruleNames.add(name)) {
            throw MappingException.at(id, "rule-name", "'" + name + "' is used by another rule");
        }
        String type = r.requiredText("rule-type");
        switch (type) {
            case "selection" -> selections.add(SelectionParser.parse(r));
            case "transformation" -> transformations.add(TransformationParser.parse(r));
            case "table-settings" -> tableSettings.add(TableSettingsParser.parse(r));
            case "object-mapping" -> objectMappings.add(ObjectMappingParser.parse(r));
            default ->
                    throw MappingException.at(
                            id,
                            "rule-type",
                            "is '"
                                    + type
                                    + "'; expected selection, transformation, table-settings or object-mapping");
        }
    }

    private String ruleId(JsonNode rule, int position) {
        JsonNode node = rule.get("rule-id");
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            throw new MappingException("rule #" + position + " has no 'rule-id'");
        }
        String id = node.asText();
        if (!id.matches("[0-9]{1,9}")) {
            throw new MappingException(
                    "rule #" + position + ": 'rule-id' is '" + id + "'; it must be a number");
        }
        if (!ruleIds.add(id)) {
            throw MappingException.at(id, "rule-id", "is used by another rule");
        }
        return id;
    }
}
