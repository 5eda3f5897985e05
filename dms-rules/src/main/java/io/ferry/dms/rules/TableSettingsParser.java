package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Parses a {@code table-settings} rule: exact names, {@code lob-settings}, {@code parallel-load}.
 */
final class TableSettingsParser {
    private TableSettingsParser() {}

    static TableSettingsRule parse(RuleReader r) {
        ObjectLocator locator = r.locator(true, false);
        if (!locator.schema().isLiteral() || !locator.table().isLiteral()) {
            throw r.error(
                    "object-locator",
                    "needs an exact schema and table name in a table-settings rule");
        }
        locator =
                new ObjectLocator(
                        locator.schema().exactly(), locator.table().exactly(), null, null);
        Optional<LobSettings> lob = lob(r);
        return new TableSettingsRule(r.numericId(), locator, lob, ParallelLoadParser.parse(r));
    }

    private static Optional<LobSettings> lob(RuleReader r) {
        JsonNode lob = r.node("lob-settings");
        if (lob == null || lob.isNull()) {
            return Optional.empty();
        }
        if (!lob.isObject()) {
            throw r.error("lob-settings", "must be an object");
        }
        String text = lob.path("mode").asText("");
        LobSettings.Mode mode =
                switch (text) {
                    case "limited" -> LobSettings.Mode.LIMITED;
                    case "unlimited" -> LobSettings.Mode.UNLIMITED;
                    case "none" -> LobSettings.Mode.NONE;
                    default ->
                            throw r.error(
                                    "lob-settings.mode",
                                    "is '" + text + "'; expected limited, unlimited or none");
                };
        Integer size = size(r, lob.get("bulk-max-size"));
        if (mode == LobSettings.Mode.LIMITED && (size == null || size == 0)) {
            throw r.error(
                    "lob-settings.bulk-max-size",
                    "is needed in limited mode: the KB of each LOB to keep");
        }
        return Optional.of(new LobSettings(mode, size));
    }

    private static Integer size(RuleReader r, JsonNode size) {
        if (size == null || size.isNull()) {
            return null;
        }
        String text = size.asText();
        if (!(size.isIntegralNumber() || size.isTextual()) || !text.matches("[0-9]{1,7}")) {
            throw r.error(
                    "lob-settings.bulk-max-size",
                    "must be a whole number of KB, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
