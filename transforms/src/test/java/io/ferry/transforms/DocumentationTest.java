package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.ConfigDocs;
import io.ferry.transforms.predicates.ExpressionMatches;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentationTest {
    private static final Path PAGE = Path.of("..", "docs", "transforms.md");

    @ParameterizedTest
    @ValueSource(strings = {"MaskColumns", "DmsRow", "AddColumn", "ExpressionMatches"})
    void everyKeyIsDocumentedWithItsDefault(String plugin) {
        ConfigDef def =
                switch (plugin) {
                    case "MaskColumns" -> MaskColumns.CONFIG_DEF;
                    case "DmsRow" -> DmsRowConfig.CONFIG_DEF;
                    case "AddColumn" -> AddColumnConfig.CONFIG_DEF;
                    default -> ExpressionMatches.CONFIG_DEF;
                };
        assertEquals(Map.of(), ConfigDocs.problems(def, PAGE));
    }
}
