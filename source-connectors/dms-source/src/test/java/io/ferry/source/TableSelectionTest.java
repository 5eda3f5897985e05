package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.dms.rules.MappingException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** DMS selection rules as one Debezium include-list regex, matched as Debezium matches it. */
class TableSelectionTest {
    private static String rule(int id, String schema, String table, String action) {
        return """
                {"rule-type": "selection", "rule-id": "%s", "rule-name": "%s",
                 "object-locator": {"schema-name": "%s", "table-name": "%s"},
                 "rule-action": "%s"}"""
                .formatted(id, id, schema, table, action);
    }

    private static String rules(String... rules) {
        return "{\"rules\": [" + String.join(",", rules) + "]}";
    }

    private static List<String> selected(String regex, String... tables) {
        // Debezium matches each list entry against the whole schema.table name.
        Pattern pattern = Pattern.compile(regex);
        return List.of(tables).stream().filter(t -> pattern.matcher(t).matches()).toList();
    }

    @Test
    void includesMinusExcludesAsDmsSelects() {
        String regex =
                TableSelection.includeList(
                        rules(
                                rule(1, "sales", "%", "include"),
                                rule(2, "hr", "emp_", "include"),
                                rule(3, "sales", "audit%", "exclude")));
        assertEquals(
                List.of("sales.orders", "hr.emp1"),
                selected(
                        regex,
                        "sales.orders",
                        "sales.audit_log",
                        "hr.emp1",
                        "hr.emp12",
                        "other.orders",
                        "salesX.orders"));
    }

    @Test
    void bracketsAndExplicitRulesTakeUnderscoresLiterally() {
        String regex =
                TableSelection.includeList(
                        rules(
                                rule(1, "s", "Customer[_]Master", "include"),
                                rule(2, "s", "a_b", "explicit")));
        assertEquals(
                List.of("s.Customer_Master", "s.a_b"),
                selected(regex, "s.Customer_Master", "s.CustomerXMaster", "s.a_b", "s.axb"));
    }

    @Test
    void noIncludeRuleIsAnError() {
        assertThrows(
                MappingException.class,
                () -> TableSelection.includeList(rules(rule(1, "s", "%", "exclude"))));
        assertThrows(MappingException.class, () -> TableSelection.includeList("{\"rules\":[{}]}"));
    }
}
