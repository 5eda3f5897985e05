package io.ferry.dms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMappingParserTest {
    private static final String SELECT =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "test", "table-name": "%"},
             "rule-action": "include"}""";

    private static MappingDocument parse(String objectMapping) {
        return MappingParser.parse("{\"rules\":[" + SELECT + "," + objectMapping + "]}");
    }

    @Test
    void readsDmsExampleRule() {
        ObjectMappingRule rule =
                parse(
                                """
                                {"rule-type": "object-mapping", "rule-id": "2", "rule-name": "TransformToDDB",
                                 "rule-action": "map-record-to-record",
                                 "object-locator": {"schema-name": "test", "table-name": "customer"},
                                 "target-table-name": "customer_t",
                                 "mapping-parameters": {
                                   "partition-key-name": "CustomerName",
                                   "sort-key-name": "StoreId",
                                   "exclude-columns": ["FirstName", "LastName"],
                                   "attribute-mappings": [
                                     {"target-attribute-name": "CustomerName",
                                      "attribute-type": "scalar", "attribute-sub-type": "string",
                                      "value": "${FirstName},${LastName}"},
                                     {"target-attribute-name": "ContactDetails",
                                      "attribute-type": "document", "attribute-sub-type": "dynamodb-map",
                                      "value": {"M": {"Home": {"M": {"Address": {"S": "${HomeAddress}"}}}}}}
                                   ]}}""")
                        .objectMappings()
                        .get(0);
        assertEquals(ObjectMappingRule.Action.MAP_RECORD_TO_RECORD, rule.action());
        assertEquals("customer_t", rule.targetTable());
        assertEquals("CustomerName", rule.partitionKey());
        assertEquals("StoreId", rule.sortKey());
        assertEquals(List.of("FirstName", "LastName"), rule.excludeColumns());
        assertEquals("${FirstName},${LastName}", rule.attributes().get(0).value().asText());
        assertTrue(rule.attributes().get(1).document());
    }

    @Test
    void namesTheRuleAndFieldOfAnError() {
        MappingException action =
                assertThrows(
                        MappingException.class,
                        () ->
                                parse(
                                        """
                                        {"rule-type": "object-mapping", "rule-id": "7", "rule-name": "x",
                                         "rule-action": "map-it",
                                         "object-locator": {"schema-name": "test", "table-name": "t"}}"""));
        assertTrue(
                action.getMessage().contains("rule-id 7")
                        && action.getMessage().contains("rule-action"),
                action.getMessage());
        MappingException condition =
                assertThrows(
                        MappingException.class,
                        () ->
                                parse(
                                        """
                                        {"rule-type": "object-mapping", "rule-id": "8", "rule-name": "y",
                                         "rule-action": "map-record-to-record",
                                         "object-locator": {"schema-name": "test", "table-name": "t"},
                                         "mapping-parameters": {
                                           "condition-expression": {
                                             "expression": "x",
                                             "expression-attribute-values": [{"name": ":v", "value": "3"}]}}}"""));
        assertTrue(
                condition.getMessage().contains("rule-id 8")
                        && condition.getMessage().contains("expression-attribute-values"),
                condition.getMessage());
    }

    @Test
    void readsAConditionExpressionWithDmsDefaults() {
        ObjectMappingRule.Condition condition =
                parse(
                                """
                                {"rule-type": "object-mapping", "rule-id": "2", "rule-name": "2",
                                 "rule-action": "map-record-to-record",
                                 "object-locator": {"schema-name": "test", "table-name": "t"},
                                 "mapping-parameters": {
                                   "partition-key-name": "id",
                                   "condition-expression": {
                                     "expression": "attribute_not_exists(#v) or #v <= :v",
                                     "expression-attribute-values": [{"name": ":v", "value": {"N": "${version}"}}],
                                     "expression-attribute-names": [{"name": "#v", "value": "version"}]}}}""")
                        .objectMappings()
                        .get(0)
                        .condition();
        assertEquals("attribute_not_exists(#v) or #v <= :v", condition.expression());
        assertEquals("${version}", condition.values().get(":v").get("N").asText());
        assertEquals(java.util.Map.of("#v", "version"), condition.names());
        assertTrue(
                condition.duringFullLoad(), "DMS applies conditions during full load by default");
        assertTrue(!condition.duringCdc(), "and not during CDC");
    }
}
