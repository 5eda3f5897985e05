package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.ConfigDocs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentationTest {
    @Test
    void everyMaskColumnsKeyIsDocumentedWithItsDefault() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        MaskColumns.CONFIG_DEF, Path.of("..", "docs", "transforms.md")));
    }
}
