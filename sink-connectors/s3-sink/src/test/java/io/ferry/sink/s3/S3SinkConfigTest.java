package io.ferry.sink.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.testing.ConfigDocs;
import io.ferry.testing.PluginServices;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class S3SinkConfigTest {
    @Test
    void controlCharactersAreWrittenAsDmsEscapes() {
        S3SinkConfig config =
                new S3SinkConfig(
                        Map.of(
                                "bucket.name",
                                "b",
                                "csv.delimiter",
                                "\\t",
                                "csv.row.delimiter",
                                "\\r\\n"));
        assertEquals("\t", config.csvSettings().delimiter());
        assertEquals("\r\n", config.csvSettings().rowDelimiter());
        assertEquals(
                "\n", new S3SinkConfig(Map.of("bucket.name", "b")).csvSettings().rowDelimiter());
    }

    @Test
    void aZoneMustBeAZone() {
        assertThrows(
                ConfigException.class,
                () ->
                        new S3SinkConfig(
                                Map.of(
                                        "bucket.name",
                                        "b",
                                        "date.partition.timezone",
                                        "Mars/Base")));
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        S3SinkConfig.CONFIG_DEF, Path.of("..", "..", "docs", "s3-sink.md")));
    }

    @Test
    void theConnectorIsListedForServiceLoading() {
        assertEquals(Set.of(), PluginServices.unlisted());
    }
}
