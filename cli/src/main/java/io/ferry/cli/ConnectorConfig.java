package io.ferry.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A connector config file as the REST API takes it: a flat JSON object of strings. */
record ConnectorConfig(String name, Map<String, String> config) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The name is the file's {@code name} key, else the file name without {@code .json}. */
    static ConnectorConfig read(Path file) throws IOException {
        Map<String, String> config =
                new LinkedHashMap<>(
                        JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
        String name = config.remove("name");
        if (name == null) {
            name = file.getFileName().toString().replaceFirst("\\.json$", "");
        }
        return new ConnectorConfig(name, config);
    }
}
