package io.ferry.source.fullload;

import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import io.ferry.source.TableSelection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The full load's settings, named after the DMS settings they mirror. The connection and every
 * setting that shapes an event (topic prefix, decimal and time handling, column filters, message
 * keys) are Debezium's own keys for the engine's connector, read by Debezium's parts as its
 * connector reads them.
 */
public final class FullLoadConfig extends AbstractConfig {
    public static final String ENGINE = "source.engine";
    public static final String TABLE_MAPPINGS = "table.mappings";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String MAX_SUBTASKS = "max.full.load.subtasks";
    public static final String COMMIT_RATE = "commit.rate";
    public static final String MIGRATION_TYPE = "migration.type";
    public static final String ANNOUNCE_TABLES = "announce.tables";

    /** The keys of the parallel load a DMS source passes on to it. */
    public static final java.util.List<String> PARALLEL_KEYS =
            java.util.List.of(MAX_SUBTASKS, COMMIT_RATE);

    static final String FULL_LOAD = "full-load";
    static final String FULL_LOAD_AND_CDC = "full-load-and-cdc";

    /** Debezium's custom converters are not applied by the full load: refused, not ignored. */
    static final String CONVERTERS = "converters";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            ENGINE,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> engine((String) value),
                            Importance.HIGH,
                            "DMS EngineName of the source: postgres or mariadb (MySQL is to"
                                    + " come).")
                    .define(
                            TABLE_MAPPINGS,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> mappings((String) value),
                            Importance.HIGH,
                            "The DMS table-mapping JSON: its selection rules choose the tables"
                                    + " (load-order first), its table-settings rules'"
                                    + " parallel-load cut them into segments (ranges, or none).")
                    .define(
                            TOPIC_PREFIX,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            "Debezium's topic.prefix: rows go to <prefix>.<schema>.<table>, as"
                                    + " Debezium's snapshot sends them.")
                    .define(
                            MAX_SUBTASKS,
                            Type.INT,
                            8,
                            ConfigDef.Range.between(1, 49),
                            Importance.MEDIUM,
                            "DMS MaxFullLoadSubTasks: how many segments load at once. Segments"
                                    + " are dealt to min(tasks.max, this) tasks, which Connect"
                                    + " spreads over its workers.")
                    .define(
                            COMMIT_RATE,
                            Type.INT,
                            10_000,
                            ConfigDef.Range.between(1, 50_000),
                            Importance.LOW,
                            "DMS CommitRate (FullLoadSettings): rows read per query of a"
                                    + " segment. A page is what a task holds in memory.")
                    .define(
                            MIGRATION_TYPE,
                            Type.STRING,
                            FULL_LOAD,
                            ConfigDef.ValidString.in(FULL_LOAD, FULL_LOAD_AND_CDC),
                            Importance.HIGH,
                            "DMS MigrationType. full-load-and-cdc (PostgreSQL): the load reads"
                                    + " the snapshot exported as Debezium's replication slot"
                                    + " (slot.name) is created, so CDC from that slot follows"
                                    + " it without a gap or an overlap.")
                    .define(
                            ANNOUNCE_TABLES,
                            Type.BOOLEAN,
                            true,
                            Importance.LOW,
                            "As the DMS source: before the first row of a table read as one"
                                    + " segment, one record (op=p, no row, the table's key and"
                                    + " row schemas), so every sink creates the table, an empty"
                                    + " one too. false for consumers that do not know op=p.")
                    .define(
                            "database.hostname",
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            Importance.HIGH,
                            "Debezium's: the source's host.")
                    .define(
                            "database.port",
                            Type.INT,
                            ConfigDef.NO_DEFAULT_VALUE,
                            Importance.HIGH,
                            "Debezium's: the source's port.")
                    .define(
                            "database.user",
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            Importance.HIGH,
                            "Debezium's: the user the load reads as (SELECT on the tables).")
                    .define(
                            "database.password",
                            Type.PASSWORD,
                            ConfigDef.NO_DEFAULT_VALUE,
                            Importance.HIGH,
                            "Debezium's: that user's password.")
                    .define(
                            "database.dbname",
                            Type.STRING,
                            "",
                            Importance.HIGH,
                            "Debezium's, for PostgreSQL: the database read. A MariaDB"
                                    + " database is a schema the table mapping selects.");

    private final Map<String, String> props;

    public FullLoadConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.props = Map.copyOf(props);
        refused(props)
                .forEach(
                        (key, message) -> {
                            throw new ConfigException(key, props.get(key), message);
                        });
    }

    /** The DMS source's LOB keys: the full load sends every column, LOBs whole. */
    private static final java.util.List<String> LOB_KEYS =
            java.util.List.of(
                    "support.lobs", "full.lob.mode", "limited.size.lob.mode", "lob.max.size");

    /**
     * Keys the full load does not carry out, set, and why: Debezium's custom converters, and the
     * DMS source's LOB settings.
     */
    static Map<String, String> refused(Map<String, String> props) {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        String converters = props.get(CONVERTERS);
        if (converters != null && !converters.isBlank()) {
            refused.put(
                    CONVERTERS,
                    "Debezium's custom converters are not applied by Ferry's full load; rows"
                            + " would differ from the CDC events of the same table");
        }
        if (FULL_LOAD_AND_CDC.equals(props.get(MIGRATION_TYPE)) && !postgres(props)) {
            refused.put(
                    MIGRATION_TYPE,
                    "full-load-and-cdc hands the load over to CDC for PostgreSQL sources only"
                            + " (MySQL and MariaDB are to come)");
        }
        String json = props.get(TABLE_MAPPINGS);
        if (json != null && !json.isBlank()) {
            try {
                Engine engine = Engine.of(props.getOrDefault(ENGINE, ""));
                LoadPlan.check(MappingParser.parse(json), engine);
            } catch (MappingException e) {
                refused.put(TABLE_MAPPINGS, e.getMessage());
            } catch (IllegalArgumentException e) {
                // an unknown engine or a document that does not parse: their own keys say so
            }
        }
        for (String key : LOB_KEYS) {
            if (props.containsKey(key)) {
                refused.put(
                        key,
                        "is the DMS source's; Ferry's full load does not carry it out: it sends"
                                + " every column, LOBs whole");
            }
        }
        return refused;
    }

    /**
     * Whether Ferry's parallel full load carries out the load of a DMS source's migration: a
     * PostgreSQL full load (handed over to CDC in {@code full-load-and-cdc}) or a MariaDB one,
     * whose table mapping cuts a table ({@code ranges}; MariaDB also {@code partitions-auto},
     * {@code partitions-list}) and which sets nothing this load refuses. Otherwise the DMS source
     * loads with Debezium's snapshot.
     *
     * @param dms the DMS source's settings, whose keys this load shares
     */
    public static boolean carriesOut(Map<String, String> dms) {
        Engine engine;
        try {
            engine = Engine.of(dms.getOrDefault(ENGINE, ""));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String type =
                dms.getOrDefault(MIGRATION_TYPE, "").trim().toLowerCase(java.util.Locale.ROOT);
        boolean reads =
                engine == Engine.POSTGRES
                        ? type.equals(FULL_LOAD) || type.equals(FULL_LOAD_AND_CDC)
                        : engine == Engine.MARIADB && type.equals(FULL_LOAD);
        String json = dms.getOrDefault(TABLE_MAPPINGS, "");
        if (!reads || json.isBlank()) {
            return false;
        }
        try {
            mappings(json);
            // A rule that cuts a table; none is Debezium's snapshot's way too.
            return MappingParser.parse(json).tableSettings().stream()
                            .anyMatch(
                                    r ->
                                            r.parallelLoad()
                                                    .filter(
                                                            load ->
                                                                    !(load
                                                                            instanceof
                                                                            io.ferry.dms.rules
                                                                                    .ParallelLoad
                                                                                    .None))
                                                    .isPresent())
                    && refused(dms).isEmpty();
        } catch (ConfigException e) {
            return false;
        }
    }

    /** Whether the engine is PostgreSQL, or unknown (its own error reports that). */
    private static boolean postgres(Map<String, String> props) {
        try {
            return Engine.of(props.getOrDefault(ENGINE, "")) == Engine.POSTGRES;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    Engine engine() {
        return Engine.of(getString(ENGINE));
    }

    MappingDocument mappings() {
        return MappingParser.parse(getString(TABLE_MAPPINGS));
    }

    int maxSubtasks() {
        return getInt(MAX_SUBTASKS);
    }

    int commitRate() {
        return getInt(COMMIT_RATE);
    }

    /** Whether the load hands over to CDC: it reads the snapshot of CDC's slot. */
    boolean handsOver() {
        return FULL_LOAD_AND_CDC.equals(getString(MIGRATION_TYPE));
    }

    /**
     * The replication slot the load hands over to (Debezium's {@code slot.name}); empty without a
     * hand-over. Progress made for one slot is not another's.
     */
    Optional<String> handOverSlot() {
        return handsOver()
                ? Optional.of(props.getOrDefault(PostgresSnapshot.SLOT, "debezium"))
                : Optional.empty();
    }

    boolean announcesTables() {
        return getBoolean(ANNOUNCE_TABLES);
    }

    /** Every key as given: Debezium's parts read theirs from it. */
    Map<String, String> debezium() {
        return props;
    }

    private static void engine(String value) {
        Engine engine;
        try {
            engine = Engine.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENGINE, value, e.getMessage());
        }
        if (engine != Engine.POSTGRES && engine != Engine.MARIADB) {
            throw new ConfigException(
                    ENGINE, value, "Ferry's full load reads postgres and mariadb sources for now");
        }
    }

    private static void mappings(String json) {
        try {
            TableSelection.includeList(json);
            LoadPlan.check(MappingParser.parse(json));
        } catch (MappingException | IllegalArgumentException e) {
            throw new ConfigException(TABLE_MAPPINGS, "(the document)", e.getMessage());
        }
    }
}
