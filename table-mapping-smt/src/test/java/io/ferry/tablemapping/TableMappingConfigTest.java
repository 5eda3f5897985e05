package io.ferry.tablemapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.testing.ConfigDocs;
import io.ferry.testing.PluginServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableMappingConfigTest {
    private static final String VALID =
            """
            {"rules": [
              {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
               "object-locator": {"schema-name": "sales", "table-name": "%"},
               "rule-action": "include"}
            ]}
            """;

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : TableMappingConfig.CONFIG_DEF.validate(props)) {
            errors.put(value.name(), value.errorMessages());
        }
        return errors;
    }

    @Test
    void validationReportsTheRuleIdUnderTheKey() {
        String invalid = VALID.replace("\"include\"", "\"keep\"");
        assertEquals(
                List.of(
                        "table.mappings: rule-id 1: 'rule-action' is 'keep'; a selection rule takes"
                                + " include, exclude or explicit"),
                errors(Map.of("table.mappings", invalid)).get("table.mappings"));
    }

    @Test
    void aMappingFileIsValidatedLikeInlineJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mapping.json");
        Files.writeString(file, "{\"rules\":[]}");
        assertEquals(
                List.of(
                        "table.mappings.file: at least one selection rule with an include action"
                                + " is required"),
                errors(Map.of("table.mappings.file", file.toString())).get("table.mappings.file"));

        Files.writeString(file, VALID);
        assertEquals(
                1,
                new TableMappingConfig(Map.of("table.mappings.file", file.toString()))
                        .document()
                        .selections()
                        .size());
    }

    @Test
    void aMissingFileIsNamed() {
        List<String> messages =
                errors(Map.of("table.mappings.file", "/nowhere/m.json")).get("table.mappings.file");
        assertEquals(
                true,
                messages.get(0).startsWith("table.mappings.file: cannot read /nowhere/m.json"));
    }

    @Test
    void exactlyOneSourceOfTheDocument() {
        ConfigException neither =
                assertThrows(ConfigException.class, () -> new TableMappingConfig(Map.of()));
        assertEquals(
                "Set exactly one of table.mappings and table.mappings.file; neither is set",
                neither.getMessage());
        // config/validate says so on the key, as the SMT's embedded config does in Connect.
        assertEquals(
                List.of(
                        "Set exactly one of table.mappings and table.mappings.file; neither is set"),
                errors(Map.of()).get("table.mappings"));
        assertThrows(
                ConfigException.class,
                () ->
                        new TableMappingConfig(
                                Map.of("table.mappings", VALID, "table.mappings.file", "/x")));
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        TableMappingConfig.CONFIG_DEF, Path.of("..", "docs", "table-mapping.md")));
    }

    @Test
    void theTransformIsListedForServiceLoading() {
        assertEquals(Set.of(), PluginServices.unlisted());
    }
}
