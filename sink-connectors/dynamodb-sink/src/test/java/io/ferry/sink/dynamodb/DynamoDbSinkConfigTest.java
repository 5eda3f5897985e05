package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConfigDocs;
import io.ferry.testing.PluginServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class DynamoDbSinkConfigTest {
    @Test
    void aBadMappingFailsValidationNamingTheRule() {
        String mapping =
                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\",\"object-locator\":{\"schema-name\":\"s\",\"table-name\":\"%\"},\"rule-action\":\"include\"},"
                        + "{\"rule-type\":\"object-mapping\",\"rule-id\":\"5\",\"rule-name\":\"5\",\"rule-action\":\"map-record-to-item\",\"object-locator\":{\"schema-name\":\"s\",\"table-name\":\"t\"}}]}";
        List<String> errors =
                new DynamoDbSinkConnector()
                                .validate(Map.of(DynamoDbSinkConfig.TABLE_MAPPINGS, mapping))
                                .configValues()
                                .stream()
                                .filter(v -> v.name().equals(DynamoDbSinkConfig.TABLE_MAPPINGS))
                                .map(ConfigValue::errorMessages)
                                .findFirst()
                                .orElseThrow();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("rule-id 5"), errors.get(0));
    }

    @Test
    void theSeedWalkthroughMappingParses() throws Exception {
        String example =
                Files.readString(
                        Path.of("..", "..", "config-examples", "mysql-to-dynamodb", "sink.json"));
        String mapping =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(example)
                        .get("table.mappings")
                        .asText();
        assertEquals(
                "vaccine_drive_stats_tab", DynamoDbSinkConfig.rules(mapping).get(0).targetTable());
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        DynamoDbSinkConfig.CONFIG_DEF,
                        Path.of("..", "..", "docs", "dynamodb-sink.md")));
    }

    @Test
    void theConnectorIsListedForServiceLoading() {
        assertEquals(Set.of(), PluginServices.unlisted());
    }
}
