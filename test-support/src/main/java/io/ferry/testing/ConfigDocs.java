package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Checks that a plugin's documentation page has a table row for every config key, showing the key's
 * default. Rows look like {@code | `key` | type | default | description |}.
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    /** Keys whose row is missing or does not show the default, with what was expected. */
    public static Map<String, String> problems(ConfigDef def, Path page) {
        List<String> lines = read(page);
        Map<String, String> problems = new TreeMap<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            List<String> rows =
                    lines.stream().filter(l -> l.startsWith("| `" + key.name + "` |")).toList();
            String expected = defaultText(key);
            if (rows.isEmpty()) {
                problems.put(key.name, "no row");
            } else if (rows.stream().noneMatch(r -> r.contains("| " + expected + " |"))) {
                problems.put(key.name, "default should read " + expected);
            }
        }
        return problems;
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        Object value = key.defaultValue;
        String text =
                value instanceof List<?> list
                        ? String.join(",", list.stream().map(Object::toString).toList())
                        : value.toString();
        return "`" + text + "`";
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException("missing documentation page " + page, e);
        }
    }
}
