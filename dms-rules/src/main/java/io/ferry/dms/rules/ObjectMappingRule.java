package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A DMS {@code object-mapping} rule, for the DynamoDB target: how a source table's rows become
 * items of a target table.
 *
 * @param targetTable {@code target-table-name}, or null to keep the table's name
 * @param partitionKey {@code partition-key-name}, or null for the source primary key
 * @param sortKey {@code sort-key-name}, or null
 * @param excludeColumns columns that do not become attributes
 * @param attributes {@code attribute-mappings}, in order
 * @param condition {@code condition-expression}, or null
 */
public record ObjectMappingRule(
        int ruleId,
        Action action,
        ObjectLocator locator,
        String targetTable,
        String partitionKey,
        String sortKey,
        List<String> excludeColumns,
        List<AttributeMapping> attributes,
        Condition condition) {

    /** {@code rule-action}. */
    public enum Action {
        /** Every column not excluded becomes an attribute. */
        MAP_RECORD_TO_RECORD,
        /** Every column not excluded goes into one map attribute, {@code _doc}. */
        MAP_RECORD_TO_DOCUMENT
    }

    /**
     * One {@code attribute-mappings} entry: a {@code scalar} whose value is a string template of
     * {@code ${column}}s, or a {@code document} ({@code dynamodb-map}, {@code dynamodb-list}) whose
     * value is a DynamoDB-typed JSON tree with templates in its strings.
     */
    public record AttributeMapping(String name, boolean document, String subType, JsonNode value) {}

    /**
     * {@code condition-expression}: a DynamoDB condition the write must meet, with its value
     * placeholders as DynamoDB-typed JSON holding {@code ${column}} templates; by DMS's defaults it
     * applies during full load and not during CDC.
     *
     * @param values {@code expression-attribute-values}: placeholder ({@code :v}) to typed value
     * @param names {@code expression-attribute-names}: placeholder ({@code #n}) to attribute name
     */
    public record Condition(
            String expression,
            java.util.Map<String, JsonNode> values,
            java.util.Map<String, String> names,
            boolean duringFullLoad,
            boolean duringCdc) {}
}
