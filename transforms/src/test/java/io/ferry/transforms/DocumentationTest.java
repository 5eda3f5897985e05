package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.ConfigDocs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentationTest {
    private static final Path PAGE = Path.of("..", "docs", "transforms.md");

    @Test
    void everyMaskColumnsKeyIsDocumentedWithItsDefault() {
        assertEquals(Map.of(), ConfigDocs.problems(MaskColumns.CONFIG_DEF, PAGE));
    }

    @Test
    void everyDmsRowKeyIsDocumentedWithItsDefault() {
        assertEquals(Map.of(), ConfigDocs.problems(DmsRowConfig.CONFIG_DEF, PAGE));
    }
}
