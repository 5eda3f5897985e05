package io.ferry.cli;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DMS JSON as users have it: trailing commas and line breaks inside strings (as PDF copies of the
 * DMS guide carry) are read, not refused; an endpoint may be the create-endpoint input or the
 * describe-endpoints output.
 */
final class DmsJson {
    static final ObjectMapper LENIENT =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                    .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                    .build();

    private DmsJson() {}

    static JsonNode read(Path file) throws IOException {
        return LENIENT.readTree(Files.readString(file));
    }

    /** The endpoint object itself, whichever wrapper the file has. */
    static JsonNode endpoint(Path file) throws IOException {
        JsonNode node = read(file);
        if (node.has("Endpoints") && node.get("Endpoints").size() > 0) {
            return node.get("Endpoints").get(0);
        }
        return node.has("Endpoint") ? node.get("Endpoint") : node;
    }

    /** {@code DatePartitionSequence} → {@code date.partition.sequence}: Ferry's key naming. */
    static String key(String dmsName) {
        return dmsName.replaceAll("([a-z0-9])([A-Z])", "$1.$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1.$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** A JSON scalar as a Connect config value; line breaks from PDF copies removed. */
    static String text(JsonNode value) {
        return value.isTextual() ? value.asText().replace("\n", "") : value.toString();
    }
}
