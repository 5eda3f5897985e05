package io.ferry.tablemapping;

import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The table-mapping SMT's config: the DMS document inline or in a file. Each key's validator runs
 * the same parser as {@link #document()}, so {@code config/validate} reports every error the
 * transform would hit at start, naming the rule-id and field.
 */
public final class TableMappingConfig extends AbstractConfig {
    public static final String MAPPINGS_CONFIG = "table.mappings";
    public static final String MAPPINGS_FILE_CONFIG = "table.mappings.file";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            MAPPINGS_CONFIG,
                            ConfigDef.Type.STRING,
                            null,
                            (name, value) -> {
                                if (value != null) {
                                    parse(name, (String) value);
                                }
                            },
                            ConfigDef.Importance.HIGH,
                            "The DMS table-mapping JSON, exactly as given to DMS ({\"rules\": [...]})."
                                    + " Set this or "
                                    + MAPPINGS_FILE_CONFIG
                                    + ".",
                            null,
                            -1,
                            ConfigDef.Width.NONE,
                            MAPPINGS_CONFIG,
                            ExactlyOne.RECOMMENDER)
                    .define(
                            MAPPINGS_FILE_CONFIG,
                            ConfigDef.Type.STRING,
                            null,
                            (name, value) -> {
                                if (value != null) {
                                    parse(name, read(name, (String) value));
                                }
                            },
                            ConfigDef.Importance.HIGH,
                            "Path, on every worker, of a file holding the DMS table-mapping JSON."
                                    + " Set this or "
                                    + MAPPINGS_CONFIG
                                    + ".");

    private final MappingDocument document;

    public TableMappingConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        String inline = getString(MAPPINGS_CONFIG);
        String file = getString(MAPPINGS_FILE_CONFIG);
        ExactlyOne.check(inline, file);
        document =
                inline != null
                        ? parse(MAPPINGS_CONFIG, inline)
                        : parse(MAPPINGS_FILE_CONFIG, read(MAPPINGS_FILE_CONFIG, file));
    }

    /**
     * One document, inline or in a file. A key's validator sees only its own value; a recommender
     * sees every key, and Connect reports what it throws under the key at {@code config/validate}
     * (also for an SMT, whose config Connect embeds).
     */
    private static final class ExactlyOne {
        static final ConfigDef.Recommender RECOMMENDER =
                new ConfigDef.Recommender() {
                    @Override
                    public java.util.List<Object> validValues(
                            String name, Map<String, Object> parsed) {
                        check(parsed.get(MAPPINGS_CONFIG), parsed.get(MAPPINGS_FILE_CONFIG));
                        return java.util.List.of();
                    }

                    @Override
                    public boolean visible(String name, Map<String, Object> parsed) {
                        return true;
                    }
                };

        static void check(Object inline, Object file) {
            if ((inline == null) == (file == null)) {
                throw new ConfigException(
                        "Set exactly one of "
                                + MAPPINGS_CONFIG
                                + " and "
                                + MAPPINGS_FILE_CONFIG
                                + (inline == null ? "; neither is set" : "; both are set"));
            }
        }
    }

    public MappingDocument document() {
        return document;
    }

    private static MappingDocument parse(String key, String json) {
        try {
            return MappingParser.parse(json);
        } catch (MappingException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private static String read(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + path + ": " + e);
        }
    }
}
