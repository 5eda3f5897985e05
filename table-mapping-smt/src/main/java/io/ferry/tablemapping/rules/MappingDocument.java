package io.ferry.tablemapping.rules;

import java.util.List;

/**
 * A parsed table-mapping document: its selection and transformation rules, each list in {@code
 * rule-id} order. Table-settings rules (by id) and object-mapping rules are validated and kept for
 * the connectors that use them; they do not change what the SMT does.
 */
public record MappingDocument(
        List<SelectionRule> selections,
        List<TransformationRule> transformations,
        List<Integer> otherRuleIds,
        List<ObjectMappingRule> objectMappings) {}
