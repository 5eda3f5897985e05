package io.ferry.dms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MappingParserTest {
    private static final String INCLUDE =
            "{'rule-type':'selection','rule-id':'1','rule-name':'1',"
                    + "'object-locator':{'schema-name':'sales','table-name':'%'},'rule-action':'include'}";

    /**
     * A document of the given rules. The short cases are written with ' for " to keep them
     * readable; the rules in text blocks use " as they are.
     */
    private static String doc(String... rules) {
        return ("{'rules':[" + String.join(",", rules) + "]}").replace('\'', '"');
    }

    private static String selection(String id, String body) {
        return "{'rule-type':'selection','rule-id':'%s','rule-name':'s%s',%s}"
                .formatted(id, id, body);
    }

    private static String filter(String conditions) {
        return selection(
                "2",
                """
                "object-locator": {"schema-name": "sales", "table-name": "orders"},
                "rule-action": "include",
                "filters": [{"filter-type": "source", "column-name": "qty",
                             "filter-conditions": [%s]}]"""
                        .formatted(conditions));
    }

    private static String transformation(String body) {
        return "{'rule-type':'transformation','rule-id':'5','rule-name':'t5'," + body + "}";
    }

    private static final String ON_COLUMN =
            "'rule-target':'column','object-locator':{'schema-name':'%','table-name':'%','column-name':'c'}";
    private static final String ADD_TO_ALL =
            "'rule-target':'column','object-locator':{'schema-name':'%','table-name':'%'}";
    private static final String ON_TABLE =
            "'rule-target':'table','object-locator':{'schema-name':'%','table-name':'%'}";

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("{", "not valid JSON"),
                Arguments.of("[]", "the document must be a JSON object with a 'rules' array"),
                Arguments.of("{\"rule\":[]}", "the document has no 'rules' array"),
                Arguments.of("{\"rules\":{}}", "the document has no 'rules' array"),
                Arguments.of(doc(INCLUDE, "'x'"), "rule #2 is not a JSON object"),
                Arguments.of(
                        doc("{'rule-type':'selection','rule-name':'a'}"),
                        "rule #1 has no 'rule-id'"),
                Arguments.of(
                        doc("{'rule-id':'one','rule-name':'a'}"),
                        "rule #1: 'rule-id' is 'one'; it must be a number"),
                Arguments.of(
                        doc(INCLUDE, INCLUDE.replace("'rule-name':'1'", "'rule-name':'other'")),
                        "rule-id 1: 'rule-id' is used by another rule"),
                Arguments.of(
                        doc(INCLUDE, INCLUDE.replace("'rule-id':'1'", "'rule-id':'2'")),
                        "rule-id 2: 'rule-name' '1' is used by another rule"),
                Arguments.of(
                        doc("{'rule-id':'1','rule-type':'selection'}"),
                        "rule-id 1: 'rule-name' is missing"),
                Arguments.of(
                        doc("{'rule-id':'1','rule-name':'a'}"),
                        "rule-id 1: 'rule-type' is missing"),
                Arguments.of(
                        doc("{'rule-id':'1','rule-name':'a','rule-type':'mapping'}"),
                        "rule-id 1: 'rule-type' is 'mapping'; expected selection, transformation, table-settings or object-mapping"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'}")),
                        "rule-id 1: 'rule-action' is missing"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'add'")),
                        "rule-id 1: 'rule-action' is 'add'; a selection rule takes include, exclude or explicit"),
                Arguments.of(
                        doc(selection("1", "'rule-action':'include'")),
                        "rule-id 1: 'object-locator' is missing"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'table-name':'t'},'rule-action':'include'")),
                        "rule-id 1: 'object-locator.schema-name' is missing"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s'},'rule-action':'include'")),
                        "rule-id 1: 'object-locator.table-name' is missing"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t%'},'rule-action':'explicit'")),
                        "rule-id 1: 'object-locator' cannot hold a wildcard in an explicit selection"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t[ab'},'rule-action':'include'")),
                        "rule-id 1: 'object-locator.table-name' 't[ab' has an unclosed or empty '[' at position 2"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t','table-type':'index'},'rule-action':'include'")),
                        "rule-id 1: 'object-locator.table-type' is 'index'; expected table, view or all"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'include','load-order':'first'")),
                        "rule-id 1: 'load-order' must be a whole number"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'include','filters':{}")),
                        "rule-id 1: 'filters' must be an array"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'exclude','filters':[{'filter-type':'source','column-name':'c','filter-conditions':[{'filter-operator':'null'}]}]"),
                                INCLUDE),
                        "rule-id 1: 'filters' apply only to a rule whose rule-action is include"),
                Arguments.of(
                        doc(
                                selection(
                                        "2",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'include','filters':[{'filter-type':'target','column-name':'c','filter-conditions':[]}]")),
                        "rule-id 2: 'filters[0].filter-type' must be source"),
                Arguments.of(
                        doc(
                                selection(
                                        "2",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'include','filters':[{'filter-type':'source','filter-conditions':[]}]")),
                        "rule-id 2: 'filters[0].column-name' is missing"),
                Arguments.of(
                        doc(filter("")),
                        "rule-id 2: 'filters[0].filter-conditions' must be a non-empty array"),
                Arguments.of(
                        doc(filter("{'filter-operator':'like','value':'a%'}")),
                        "rule-id 2: 'filters[0].filter-conditions[0].filter-operator' is 'like'; expected eq, noteq, lte, ste, gte, between, notbetween, null or notnull"),
                Arguments.of(
                        doc(filter("{'filter-operator':'eq'}")),
                        "rule-id 2: 'filters[0].filter-conditions[0].value' is missing"),
                Arguments.of(
                        doc(filter("{'filter-operator':'between','start-value':'1'}")),
                        "rule-id 2: 'filters[0].filter-conditions[0].end-value' is missing"),
                Arguments.of(
                        doc(
                                filter(
                                        "{'filter-operator':'noteq','value':'1'},{'filter-operator':'notnull'}")),
                        "rule-id 2: 'filters[0].filter-conditions' has 2 negative conditions (noteq, notbetween, notnull); DMS allows one per filter"),
                Arguments.of(
                        doc(
                                selection(
                                        "1",
                                        "'object-locator':{'schema-name':'s','table-name':'t'},'rule-action':'exclude'")),
                        "at least one selection rule with an include action is required"),
                Arguments.of(
                        doc(INCLUDE, transformation("'rule-action':'rename','value':'x'")),
                        "rule-id 5: 'rule-target' is missing"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'rename','rule-target':'row','value':'x'")),
                        "rule-id 5: 'rule-target' is 'row'; expected schema, table, column, table-tablespace or index-tablespace"),
                Arguments.of(
                        doc(INCLUDE, transformation("'rule-action':'make-it-so'," + ON_TABLE)),
                        "rule-id 5: 'rule-action' is 'make-it-so', which is not a DMS transformation action"),
                Arguments.of(
                        doc(INCLUDE, transformation("'rule-action':'remove-column'," + ON_TABLE)),
                        "rule-id 5: 'rule-target' 'table' cannot be used with remove-column"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'convert-lowercase','rule-target':'table-tablespace','object-locator':{'schema-name':'%','table-name':'%'}")),
                        "rule-id 5: 'rule-target' 'table-tablespace' cannot be used with convert-lowercase"),
                Arguments.of(
                        doc(INCLUDE, transformation("'rule-action':'rename'," + ON_TABLE)),
                        "rule-id 5: 'value' is missing; rename needs it"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'replace-prefix','value':'new_',"
                                                + ON_TABLE)),
                        "rule-id 5: 'old-value' is missing; replace-prefix needs it"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'convert-lowercase','rule-target':'column','object-locator':{'schema-name':'%','table-name':'%'}")),
                        "rule-id 5: 'object-locator.column-name' is missing"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'convert-lowercase','rule-target':'table','object-locator':{'schema-name':'%'}")),
                        "rule-id 5: 'object-locator.table-name' is missing"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'data-masking-digits-mask','value':'##',"
                                                + ON_COLUMN)),
                        "rule-id 5: 'value' must be one printable ASCII character other than a space"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'data-masking-digits-mask','value':' ',"
                                                + ON_COLUMN)),
                        "rule-id 5: 'value' must be one printable ASCII character other than a space"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation("'rule-action':'define-primary-key'," + ON_TABLE)),
                        "rule-id 5: 'object-locator' cannot hold a wildcard with define-primary-key"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'remove-column','rule-target':'column','object-locator':{'schema-name':'%','table-name':'%','column-name':'%','data-type':'int%'}")),
                        "rule-id 5: 'object-locator.data-type' cannot hold a wildcard"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                "{'rule-type':'table-settings','rule-id':'9','rule-name':'9','object-locator':{'schema-name':'sales','table-name':'%'},'parallel-load':{'type':'partitions-auto'}}"),
                        "rule-id 9: 'object-locator' needs an exact schema and table name in a table-settings rule"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                "{'rule-type':'table-settings','rule-id':'9','rule-name':'9','object-locator':{'schema-name':'sales','table-name':'t'},'lob-settings':{'mode':'full'}}"),
                        "rule-id 9: 'lob-settings.mode' is 'full'; expected limited, unlimited or none"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                "{'rule-type':'table-settings','rule-id':'9','rule-name':'9','object-locator':{'schema-name':'sales','table-name':'t'},'lob-settings':{'mode':'limited'}}"),
                        "rule-id 9: 'lob-settings.bulk-max-size' is needed in limited mode: the KB of each LOB to keep"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                "{'rule-type':'table-settings','rule-id':'9','rule-name':'9','object-locator':{'schema-name':'sales','table-name':'t'},'lob-settings':{'mode':'limited','bulk-max-size':'32k'}}"),
                        "rule-id 9: 'lob-settings.bulk-max-size' must be a whole number of KB, not '32k'"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation("'rule-action':'change-data-type'," + ON_COLUMN)),
                        "rule-id 5: 'data-type' is missing; change-data-type needs it"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'define-primary-key','rule-target':'table','object-locator':{'schema-name':'s','table-name':'t'}")),
                        "rule-id 5: 'primary-key-def' is missing; define-primary-key needs it"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'define-primary-key','rule-target':'table','object-locator':{'schema-name':'s','table-name':'t'},'primary-key-def':{'name':'pk','columns':[]}")),
                        "rule-id 5: 'primary-key-def.columns' must be a non-empty array of column names"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'define-primary-key','rule-target':'table','object-locator':{'schema-name':'s','table-name':'t'},'primary-key-def':{'name':'pk','origin':'index','columns':['a']}")),
                        "rule-id 5: 'primary-key-def.origin' is 'index'; expected primary-key or unique-index"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-before-image-columns','rule-target':'column','object-locator':{'schema-name':'%','table-name':'%'},'before-image-def':{'column-filter':'lob-only'}")),
                        "rule-id 5: 'before-image-def.column-filter' is 'lob-only'; expected pk-only, non-lob or all"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-column','value':'lsn'," + ADD_TO_ALL)),
                        "rule-id 5: 'data-type' is missing; add-column needs it"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-column','value':'x','data-type':{'type':'list'},"
                                                + ADD_TO_ALL)),
                        "rule-id 5: 'data-type.type' is 'list'; Ferry adds columns of type string, wstring, clob, nclob, int1, int2, int4, int8, uint1, uint2, uint4, uint8, real4, real8, numeric, boolean, date, time, datetime, bytes or blob"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-column','value':'x','data-type':{'type':'string','length':'long'},"
                                                + ADD_TO_ALL)),
                        "rule-id 5: 'data-type.length' must be a whole number"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-column','value':'x','expression':'$A ||','data-type':{'type':'string'},"
                                                + ADD_TO_ALL)),
                        "rule-id 5: 'expression' unexpected end of expression at position 6"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation(
                                        "'rule-action':'add-column','value':'x','expression':'randomblob(4)','data-type':{'type':'string'},"
                                                + ADD_TO_ALL)),
                        "rule-id 5: 'expression' unknown function randomblob() at position 1"),
                Arguments.of(
                        doc(
                                INCLUDE,
                                transformation("'rule-action':'rename','value':['x']," + ON_TABLE)),
                        "rule-id 5: 'value' must be a string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidDocuments")
    void invalidDocumentsNameTheRuleAndField(String document, String expected) {
        MappingException e =
                assertThrows(MappingException.class, () -> MappingParser.parse(document));
        if (expected.equals("not valid JSON")) {
            assertEquals(true, e.getMessage().startsWith(expected), e.getMessage());
        } else {
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    void theSeedsOracleToAuroraMappingParses() {
        MappingDocument document =
                MappingParser.parse(
                        """
                        {"rules": [
                          {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                           "object-locator": {"schema-name": "DMS_SAMPLE", "table-name": "%"},
                           "rule-action": "include"},
                          {"rule-type": "selection", "rule-id": "2", "rule-name": "2",
                           "object-locator": {"schema-name": "DMS_SAMPLE", "table-name": "MLB_DATA"},
                           "rule-action": "exclude"},
                          {"rule-type": "transformation", "rule-id": "6", "rule-name": "6",
                           "rule-action": "convert-lowercase", "rule-target": "schema",
                           "object-locator": {"schema-name": "%"}},
                          {"rule-type": "transformation", "rule-id": "8", "rule-name": "8",
                           "rule-action": "convert-lowercase", "rule-target": "column",
                           "object-locator": {"schema-name": "%", "table-name": "%", "column-name": "%"}},
                          {"rule-type": "table-settings", "rule-id": "10", "rule-name": "10",
                           "object-locator": {"schema-name": "DMS_SAMPLE", "table-name": "SPORTING_EVENT"},
                           "parallel-load": {"type": "partitions-auto"}},
                          {"rule-type": "selection", "rule-id": 100001, "rule-name": "n",
                           "object-locator": {"schema-name": "x", "table-name": "y"},
                           "rule-action": "explicit", "filters": []}
                        ]}
                        """);
        assertEquals(
                List.of(1, 2, 100001),
                document.selections().stream().map(SelectionRule::ruleId).toList());
        assertEquals(
                List.of(6, 8),
                document.transformations().stream().map(TransformationRule::ruleId).toList());
        assertEquals(
                List.of(10),
                document.tableSettings().stream().map(TableSettingsRule::ruleId).toList());
        assertEquals(
                List.of(
                        "rule-id 10: parallel-load is not carried out here: the full load"
                                + " reads the table in one Debezium snapshot thread (Ferry's"
                                + " parallel full load reads ranges of PostgreSQL tables, and"
                                + " ranges and partitions of MariaDB ones in a full-load"
                                + " migration, without LOB settings)"),
                document.notCarried());
    }

    /** Issue 16, items 3 and 8: a table's LOB settings are read; a load order is reported. */
    @Test
    void lobSettingsAreReadAndALoadOrderIsReported() {
        MappingDocument document =
                MappingParser.parse(
                        """
                        {"rules": [
                          {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                           "object-locator": {"schema-name": "s", "table-name": "%"},
                           "rule-action": "include", "load-order": "2"},
                          {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                           "object-locator": {"schema-name": "s", "table-name": "docs"},
                           "lob-settings": {"mode": "limited", "bulk-max-size": "16"}},
                          {"rule-type": "table-settings", "rule-id": "3", "rule-name": "3",
                           "object-locator": {"schema-name": "s", "table-name": "all_of_it"},
                           "lob-settings": {"mode": "unlimited", "bulk-max-size": 0}}
                        ]}
                        """);
        assertEquals(
                List.of(
                        java.util.Optional.of(new LobSettings(LobSettings.Mode.LIMITED, 16)),
                        java.util.Optional.of(new LobSettings(LobSettings.Mode.UNLIMITED, 0))),
                document.tableSettings().stream().map(TableSettingsRule::lob).toList());
        assertEquals(
                List.of(
                        "rule-id 1: load-order 2 is not followed; the full load reads the selected"
                                + " tables in the order Debezium's snapshot takes them"),
                document.notCarried());
    }

    /** Issue 16, item 7: two rules of one kind on one object are refused, naming both. */
    @Test
    void twoRulesOfOneKindThatCanMeetOneObjectAreRefused() {
        String select =
                """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                 "object-locator": {"schema-name": "hr", "table-name": "%"},
                 "rule-action": "include"}""";
        String lowercaseEveryColumn =
                """
                {"rule-type": "transformation", "rule-id": "8", "rule-name": "8",
                 "rule-action": "convert-lowercase", "rule-target": "column",
                 "object-locator": {"schema-name": "%", "table-name": "%", "column-name": "%"}}""";
        MappingException conflict =
                assertThrows(
                        MappingException.class,
                        () ->
                                MappingParser.parse(
                                        doc(
                                                select,
                                                lowercaseEveryColumn,
                                                """
                                                {"rule-type": "transformation", "rule-id": "9", "rule-name": "9",
                                                 "rule-action": "rename", "rule-target": "column",
                                                 "object-locator": {"schema-name": "hr", "table-name": "people",
                                                                    "column-name": "SSN"},
                                                 "value": "tax_id"}""")));
        assertTrue(
                conflict.getMessage().startsWith("rule-id 8 and rule-id 9 both change the name"),
                conflict.getMessage());
        // Different kinds, different tables, different targets: accepted.
        MappingParser.parse(
                doc(
                        select,
                        lowercaseEveryColumn,
                        """
                        {"rule-type": "transformation", "rule-id": "9", "rule-name": "9",
                         "rule-action": "remove-column", "rule-target": "column",
                         "object-locator": {"schema-name": "hr", "table-name": "people",
                                            "column-name": "SSN"}}""",
                        """
                        {"rule-type": "transformation", "rule-id": "10", "rule-name": "10",
                         "rule-action": "data-masking-hash-mask", "rule-target": "column",
                         "object-locator": {"schema-name": "hr", "table-name": "people",
                                            "column-name": "PHONE"}}""",
                        """
                        {"rule-type": "transformation", "rule-id": "11", "rule-name": "11",
                         "rule-action": "rename", "rule-target": "table",
                         "object-locator": {"schema-name": "hr", "table-name": "people"},
                         "value": "staff"}""",
                        """
                        {"rule-type": "transformation", "rule-id": "12", "rule-name": "12",
                         "rule-action": "rename", "rule-target": "table",
                         "object-locator": {"schema-name": "hr", "table-name": "jobs"},
                         "value": "roles"}"""));
        MappingException masks =
                assertThrows(
                        MappingException.class,
                        () ->
                                MappingParser.parse(
                                        doc(
                                                select,
                                                """
                                                {"rule-type": "transformation", "rule-id": "3", "rule-name": "3",
                                                 "rule-action": "data-masking-digits-mask", "rule-target": "column",
                                                 "object-locator": {"schema-name": "hr", "table-name": "%",
                                                                    "column-name": "%_NO"},
                                                 "value": "#"}""",
                                                """
                                                {"rule-type": "transformation", "rule-id": "4", "rule-name": "4",
                                                 "rule-action": "data-masking-hash-mask", "rule-target": "column",
                                                 "object-locator": {"schema-name": "%", "table-name": "people",
                                                                    "column-name": "PASSPORT%"}}""")));
        assertTrue(masks.getMessage().contains("rule-id 3 and rule-id 4"), masks.getMessage());
        // Before-image columns are planned per table: other column patterns still meet.
        MappingException images =
                assertThrows(
                        MappingException.class,
                        () ->
                                MappingParser.parse(
                                        doc(
                                                select,
                                                """
                                                {"rule-type": "transformation", "rule-id": "5", "rule-name": "5",
                                                 "rule-action": "add-before-image-columns", "rule-target": "column",
                                                 "object-locator": {"schema-name": "hr", "table-name": "people",
                                                                    "column-name": "A%"},
                                                 "before-image-def": {"column-prefix": "BI_", "column-suffix": "",
                                                                      "column-filter": "all"}}""",
                                                """
                                                {"rule-type": "transformation", "rule-id": "6", "rule-name": "6",
                                                 "rule-action": "add-before-image-columns", "rule-target": "column",
                                                 "object-locator": {"schema-name": "hr", "table-name": "people",
                                                                    "column-name": "B%"},
                                                 "before-image-def": {"column-prefix": "BI_", "column-suffix": "",
                                                                      "column-filter": "all"}}""")));
        assertTrue(images.getMessage().contains("rule-id 5 and rule-id 6"), images.getMessage());
    }

    @Test
    void steIsTheOlderNameOfLte() {
        MappingDocument document =
                MappingParser.parse(doc(filter("{'filter-operator':'ste','value':'5'}")));
        assertEquals(
                FilterOperator.LTE,
                document.selections().get(0).filters().get(0).conditions().get(0).operator());
    }
}
