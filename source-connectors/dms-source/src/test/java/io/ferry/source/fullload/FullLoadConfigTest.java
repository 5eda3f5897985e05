package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConfigDocs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class FullLoadConfigTest {
    private static final String SELECT =
            """
            {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
             "object-locator": {"schema-name": "sales", "table-name": "orders"},
             "rule-action": "include"}""";

    private static Map<String, String> config(String... rules) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", FullLoadSourceConnector.class.getName());
        config.put("source.engine", "postgres");
        config.put("topic.prefix", "sales");
        config.put("database.hostname", "localhost");
        config.put("database.port", "5432");
        config.put("database.user", "ferry");
        config.put("database.dbname", "sales");
        config.put("database.password", "secret");
        config.put("table.mappings", "{\"rules\": [" + String.join(",", rules) + "]}");
        return config;
    }

    /** The errors {@code config/validate} reports per key, through the connector's ConfigDef. */
    private static Map<String, List<String>> errors(Map<String, String> config) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new FullLoadSourceConnector().validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        FullLoadConfig.CONFIG_DEF, Path.of("..", "..", "docs", "full-load.md")));
    }

    @Test
    void aRangesRuleValidates() {
        assertEquals(
                Map.of(),
                errors(
                        config(
                                SELECT,
                                """
                                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "2",
                                 "object-locator": {"schema-name": "sales", "table-name": "orders"},
                                 "parallel-load": {"type": "ranges", "columns": ["id"],
                                   "boundaries": [[100], [200]]}}""")));
    }

    private static final String PARTITIONS_AUTO =
            """
            {"rule-type": "table-settings", "rule-id": "7", "rule-name": "7",
             "object-locator": {"schema-name": "sales", "table-name": "orders"},
             "parallel-load": {"type": "partitions-auto"}}""";

    /** DMS cuts a PostgreSQL table by ranges only; MySQL and MariaDB tables by partitions too. */
    @Test
    void partitionsOfAPostgresSourceAreRefusedNamingTheRule() {
        Map<String, List<String>> errors = errors(config(SELECT, PARTITIONS_AUTO));
        assertEquals(List.of("table.mappings"), List.copyOf(errors.keySet()));
        String message = errors.get("table.mappings").get(0);
        assertTrue(message.contains("rule-id 7") || message.contains("rule 7"), message);
        assertTrue(message.contains("ranges only"), message);
        Map<String, String> mariadb = config(SELECT, PARTITIONS_AUTO);
        mariadb.put("source.engine", "mariadb");
        assertEquals(Map.of(), errors(mariadb));
    }

    @Test
    void subpartitionsAreOraclesAndRefusedNamingTheRule() {
        for (String load :
                List.of(
                        "{\"type\": \"subpartitions-auto\"}",
                        "{\"type\": \"partitions-list\", \"partitions\": [\"p1\"],"
                                + " \"subpartitions\": [\"p1sp0\"]}")) {
            Map<String, String> config =
                    config(
                            SELECT,
                            """
                            {"rule-type": "table-settings", "rule-id": "8", "rule-name": "8",
                             "object-locator": {"schema-name": "sales", "table-name": "orders"},
                             "parallel-load": %s}"""
                                    .formatted(load));
            config.put("source.engine", "mariadb");
            String message = errors(config).get("table.mappings").get(0);
            assertTrue(message.contains("8") && message.contains("Oracle"), message);
        }
    }

    @Test
    void otherEnginesAreRefusedOnTheirKey() {
        Map<String, String> config = config(SELECT);
        config.put("source.engine", "mysql");
        assertEquals(List.of("source.engine"), List.copyOf(errors(config).keySet()));
    }

    @Test
    void theSubtasksBoundIsDmss() {
        Map<String, String> config = config(SELECT);
        config.put("max.full.load.subtasks", "50");
        assertEquals(List.of("max.full.load.subtasks"), List.copyOf(errors(config).keySet()));
    }

    @Test
    void theDmsSourcesLobSettingsAreRefused() {
        Map<String, String> config = config(SELECT);
        config.put("support.lobs", "false");
        assertEquals(List.of("support.lobs"), List.copyOf(errors(config).keySet()));
        Map<String, List<String>> lobRule =
                errors(
                        config(
                                SELECT,
                                """
                                {"rule-type": "table-settings", "rule-id": "5", "rule-name": "5",
                                 "object-locator": {"schema-name": "sales", "table-name": "orders"},
                                 "lob-settings": {"mode": "limited", "bulk-max-size": "16"}}"""));
        assertEquals(List.of("table.mappings"), List.copyOf(lobRule.keySet()));
        assertTrue(lobRule.get("table.mappings").get(0).contains("lob-settings"), "" + lobRule);
    }

    @Test
    void customConvertersAreRefused() {
        Map<String, String> config = config(SELECT);
        config.put("converters", "isbn");
        Map<String, List<String>> errors = errors(config);
        assertEquals(List.of("converters"), List.copyOf(errors.keySet()));
        assertTrue(errors.get("converters").get(0).contains("custom converters"), "" + errors);
    }
}
