package io.ferry.transforms;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** {@link DmsRow}'s settings, named after the DMS settings they mirror. */
final class DmsRowConfig extends AbstractConfig {
    static final String TIMESTAMP_COLUMN_CONFIG = "timestamp.column.name";
    static final String BEFORE_IMAGE_FILTER_CONFIG = "before.image.column.filter";
    static final String BEFORE_IMAGE_PREFIX_CONFIG = "before.image.column.prefix";
    static final String BEFORE_IMAGE_SUFFIX_CONFIG = "before.image.column.suffix";
    static final String DROP_TOMBSTONES_CONFIG = "drop.tombstones";

    static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            TIMESTAMP_COLUMN_CONFIG,
                            ConfigDef.Type.STRING,
                            "",
                            ConfigDef.Importance.MEDIUM,
                            "DMS TimestampColumnName: when set, a column of this name, second after"
                                    + " Op, holds the commit time of a change (the time the row was"
                                    + " read, for snapshot rows) as yyyy-MM-dd HH:mm:ss.SSSSSS, UTC.")
                    .define(
                            BEFORE_IMAGE_FILTER_CONFIG,
                            ConfigDef.Type.STRING,
                            "none",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    "none", "pk-only", "non-lob", "all"),
                            ConfigDef.Importance.MEDIUM,
                            "DMS before-image-def column-filter: which columns also get a"
                                    + " before-image column (pk-only: the record key's columns;"
                                    + " non-lob: all but bytes columns), or none.")
                    .define(
                            BEFORE_IMAGE_PREFIX_CONFIG,
                            ConfigDef.Type.STRING,
                            "BI_",
                            ConfigDef.Importance.LOW,
                            "DMS before-image-def column-prefix.")
                    .define(
                            BEFORE_IMAGE_SUFFIX_CONFIG,
                            ConfigDef.Type.STRING,
                            "",
                            ConfigDef.Importance.LOW,
                            "DMS before-image-def column-suffix.")
                    .define(
                            DROP_TOMBSTONES_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            ConfigDef.Importance.LOW,
                            "Drop the tombstone that follows a delete; the D row already carries it.");

    private final String timestampColumn;
    private final DmsRow.BeforeImage beforeImage;
    private final String prefix;
    private final String suffix;
    private final boolean dropTombstones;

    DmsRowConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        String timestamp = getString(TIMESTAMP_COLUMN_CONFIG);
        timestampColumn = timestamp.isBlank() ? null : timestamp;
        beforeImage =
                DmsRow.BeforeImage.valueOf(
                        getString(BEFORE_IMAGE_FILTER_CONFIG)
                                .toUpperCase(Locale.ROOT)
                                .replace('-', '_'));
        prefix = getString(BEFORE_IMAGE_PREFIX_CONFIG);
        suffix = getString(BEFORE_IMAGE_SUFFIX_CONFIG);
        dropTombstones = getBoolean(DROP_TOMBSTONES_CONFIG);
    }

    String timestampColumn() {
        return timestampColumn;
    }

    DmsRow.BeforeImage beforeImage() {
        return beforeImage;
    }

    String beforeImageName(String column) {
        return prefix + column + suffix;
    }

    boolean dropTombstones() {
        return dropTombstones;
    }
}
