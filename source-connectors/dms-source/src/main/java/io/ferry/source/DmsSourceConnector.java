package io.ferry.source;

import io.ferry.common.PluginVersion;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingParser;
import io.ferry.source.fullload.FullLoadConfig;
import io.ferry.source.fullload.FullLoadSourceConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DMS-style source in one connector config: the engine, the migration type, the DMS table
 * mapping's selection and native start and stop points, on top of Debezium's own settings for the
 * connection. Capture is Debezium's connector for the engine, configured as derived here.
 */
public final class DmsSourceConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(DmsSourceConnector.class);
    private Map<String, String> props;
    private SourceConnector capture;

    /** The settings capture runs with: CDC's, after Ferry's parallel load. */
    private Map<String, String> captured;

    /** Ferry's parallel full load, while it carries out this migration's load; null otherwise. */
    private FullLoadSourceConnector load;

    @Override
    public String version() {
        return PluginVersion.of(DmsSourceConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        DmsSourceConfig config = new DmsSourceConfig(props);
        if (props.containsKey(DmsSourceConfig.LOB_MAX_SIZE)
                && !Boolean.parseBoolean(props.get(DmsSourceConfig.LIMITED_LOB_MODE))) {
            LOG.warn(
                    "{} applies in limited LOB mode only ({}=true); LOBs are kept whole",
                    DmsSourceConfig.LOB_MAX_SIZE,
                    DmsSourceConfig.LIMITED_LOB_MODE);
        }
        boolean parallel = FullLoadConfig.carriesOut(props);
        // Only a parallel configuration asks: the others start as they always did.
        Map<String, Object> debeziumOffset = parallel ? debeziumOffset() : null;
        boolean debeziumBegun = debeziumOffset != null;
        if (parallel
                && debeziumBegun
                && (config.migrationType() == MigrationType.FULL_LOAD
                        || DebeziumOffsets.initialSnapshotUnderWay(debeziumOffset))) {
            // Debezium's snapshot began this load (an earlier version, or a fallback): it goes
            // on. Capture from its offset without a snapshot would leave its tables unloaded.
            LOG.warn(
                    "Debezium's snapshot began this full load before: it goes on, not Ferry's"
                            + " parallel full load");
            parallel = false;
        }
        if (parallel && !debeziumBegun) {
            load = new FullLoadSourceConnector(context::requestTaskReconfiguration);
            load.initialize(context);
            // Debezium's settings as capture derives them, so a loaded row is a captured one.
            Map<String, String> settings = new HashMap<>(props);
            settings.putAll(DebeziumSettings.derive(config, props));
            settings.put(DmsSourceConfig.MIGRATION_TYPE, config.migrationType().text);
            try {
                load.start(settings);
            } catch (FullLoadSourceConnector.UnreadableTablesException e) {
                // DMS loads such tables in parallel too; Debezium's snapshot loads them at all.
                LOG.warn(
                        "Ferry's parallel full load is not carried out, Debezium's snapshot loads"
                                + " the tables instead: {}",
                        e.getMessage());
                load = null;
                parallel = false;
            }
        }
        notes(config, parallel);
        if (load != null) {
            if (config.migrationType() == MigrationType.FULL_LOAD || !load.loaded()) {
                // (A load done before goes on to capture below, from its slot.)
                LOG.info(
                        "Ferry's parallel full load reads the {} load",
                        config.migrationType().text);
                return;
            }
            checkSlot();
            load.stop();
            load = null;
        }
        startCapture(parallel);
    }

    /**
     * Debezium's connector for the engine. After Ferry's parallel load, it captures from the slot
     * the load's snapshot was exported with (DMS {@code cdc}: no snapshot of its own).
     */
    private void startCapture(boolean afterParallelLoad) {
        Map<String, String> settings = new HashMap<>(props);
        if (afterParallelLoad) {
            settings.put(DmsSourceConfig.MIGRATION_TYPE, MigrationType.CDC.text);
        }
        captured = Map.copyOf(settings);
        DmsSourceConfig config = new DmsSourceConfig(settings);
        capture =
                DebeziumClasses.newInstance(
                        DebeziumConnectors.of(config.engine()).connectorClass,
                        SourceConnector.class);
        capture.initialize(context);
        Map<String, String> debezium = DebeziumSettings.derive(config, settings);
        debezium.putAll(snapshotFilters(config, debezium));
        capture.start(debezium);
    }

    /**
     * Before capture follows the load: its slot must be there, or Debezium would make one at the
     * log's end and the changes since the load's point would be lost.
     */
    private void checkSlot() {
        try {
            // No progress, no slot to look for: a mapping that selects no table made none.
            load.checkSlot(load.begun());
        } catch (java.sql.SQLException e) {
            throw new org.apache.kafka.connect.errors.ConnectException(
                    "cannot read the source's replication slots: " + e.getMessage(), e);
        }
    }

    /** What the mapping asks of a load, and is not done: nothing to say without one. */
    private static void notes(DmsSourceConfig config, boolean parallel) {
        if (!config.tableMappings().isBlank() && config.migrationType().loads()) {
            var document = MappingParser.parse(config.tableMappings());
            for (String note :
                    parallel ? document.notCarriedByParallelLoad() : document.notCarried()) {
                LOG.warn("table.mappings {}", note);
            }
        }
    }

    /**
     * Whether Debezium has stored where it stands: capture after the parallel load, or Debezium's
     * own snapshot of the load.
     */
    private Map<String, Object> debeziumOffset() {
        String prefix = props.getOrDefault("topic.prefix", "");
        Map<String, Object> offset =
                context().offsetStorageReader().offset(Map.of("server", prefix));
        return offset == null || offset.isEmpty() ? null : offset;
    }

    /**
     * The full load's SELECTs narrowed by the selection's source filters, as DMS reads them. Read
     * from the source's catalog; without it the load reads whole tables (the table-mapping SMT
     * still drops what the filters reject), and says so.
     */
    private static Map<String, String> snapshotFilters(
            DmsSourceConfig config, Map<String, String> debezium) {
        if (!config.migrationType().loads()
                || config.tableMappings().isBlank()
                || !MappingParser.parse(config.tableMappings()).selections().stream()
                        .anyMatch(r -> !r.filters().isEmpty())) {
            return Map.of();
        }
        if (!(config.engine() == Engine.POSTGRES || config.engine().binlog())) {
            LOG.warn(
                    "Source filters are applied to the rows read (the table-mapping SMT), not"
                            + " in the full load's SELECT, for {} sources",
                    config.engine());
            return Map.of();
        }
        try (java.sql.Connection connection = SourceConnections.open(config.engine(), debezium)) {
            Map<String, String> settings =
                    SnapshotFilters.settings(
                            config.engine(),
                            config.tableMappings(),
                            debezium,
                            SnapshotFilters.catalog(connection));
            settings.forEach(
                    (key, value) -> {
                        if (!key.equals(SnapshotFilters.OVERRIDES)) {
                            LOG.info("Full load of {}: {}", key, value);
                        }
                    });
            return settings;
        } catch (Exception e) {
            LOG.warn(
                    "Source filters not put in the full load's SELECT (the source's catalog could"
                            + " not be read: {}); the load reads whole tables, and the"
                            + " table-mapping SMT drops the rows they reject",
                    e.getMessage());
            return Map.of();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DmsSourceTask.class;
    }

    /** Debezium's task configs, each with Ferry's settings beside them for the task to read. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (load != null) {
            if (new DmsSourceConfig(props).migrationType() == MigrationType.FULL_LOAD
                    || !load.loaded()) {
                return load.taskConfigs(maxTasks);
            }
            // Every row of the load is in Kafka: CDC goes on from the slot's point.
            try {
                checkSlot();
            } catch (FullLoadSourceConnector.SlotGoneException e) {
                // Failed, not retried: reconfiguring again would not bring the slot back.
                context.raiseError(e);
                return load.taskConfigs(maxTasks);
            }
            LOG.info("Ferry's parallel full load is done: capture starts");
            load.stop();
            load = null;
            startCapture(true);
        }
        List<Map<String, String>> configs = new ArrayList<>();
        Engine engine = new DmsSourceConfig(captured).engine();
        // A binlog reader is one task (Debezium refuses more); tasks.max may be the load's.
        int tasks = engine == Engine.MARIADB || engine == Engine.MYSQL ? 1 : maxTasks;
        for (Map<String, String> task : capture.taskConfigs(tasks)) {
            Map<String, String> config = new HashMap<>(task);
            for (String key : DmsSourceConfig.CONFIG_DEF.names()) {
                if (captured.containsKey(key)) {
                    config.put(key, captured.get(key));
                }
            }
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (load != null) {
            load.stop();
        }
        if (capture != null) {
            capture.stop();
        }
    }

    /**
     * Debezium's answer for the engine (KIP-618): with a worker's {@code
     * exactly.once.source.support=enabled}, each poll's records and offsets are one Kafka
     * transaction, so a source stopped at any point does not send again what it sent.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return debezium(connectorConfig)
                .map(c -> c.exactlyOnceSupport(connectorConfig))
                .orElse(ExactlyOnceSupport.UNSUPPORTED);
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
            Map<String, String> connectorConfig) {
        return debezium(connectorConfig)
                .map(c -> c.canDefineTransactionBoundaries(connectorConfig))
                .orElse(ConnectorTransactionBoundaries.UNSUPPORTED);
    }

    /** A new instance of Debezium's connector for the config's engine; empty if it names none. */
    private static Optional<SourceConnector> debezium(Map<String, String> connectorConfig) {
        try {
            Engine engine = new DmsSourceConfig(connectorConfig).engine();
            return Optional.of(
                    DebeziumClasses.newInstance(
                            DebeziumConnectors.of(engine).connectorClass, SourceConnector.class));
        } catch (ConfigException | IllegalArgumentException e) {
            return Optional.empty(); // validation reports the config's errors
        }
    }

    @Override
    public ConfigDef config() {
        return DmsSourceConfig.CONFIG_DEF;
    }

    /**
     * Ferry's keys first; when they hold, the derived Debezium config goes through Debezium's own
     * validation (which checks the connection), and its findings are reported under its keys.
     * PostgreSQL: captured tables without a key that would refuse UPDATE and DELETE once published
     * are named under {@code table.mappings}, with the statement to run.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config own = super.validate(connectorConfigs);
        if (own.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return own;
        }
        Map<String, String> derived;
        DmsSourceConfig config;
        try {
            config = new DmsSourceConfig(connectorConfigs);
            derived = DebeziumSettings.derive(config, connectorConfigs);
        } catch (ConfigException e) {
            return withError(own, e);
        }
        SourceConnector debezium =
                DebeziumClasses.newInstance(
                        DebeziumConnectors.of(config.engine()).connectorClass,
                        SourceConnector.class);
        List<ConfigValue> values = new ArrayList<>(own.configValues());
        for (ConfigValue value : debezium.validate(derived).configValues()) {
            if (!DmsSourceConfig.CONFIG_DEF.names().contains(value.name())) {
                values.add(value);
            }
        }
        if (FullLoadConfig.carriesOut(connectorConfigs)) {
            // The parallel load's own keys, which the DMS source passes to it.
            for (ConfigValue value : FullLoadConfig.CONFIG_DEF.validate(connectorConfigs)) {
                if (FullLoadConfig.PARALLEL_KEYS.contains(value.name())) {
                    values.add(value);
                }
            }
        }
        boolean valid = values.stream().allMatch(v -> v.errorMessages().isEmpty());
        // A full load streams nothing (no publication); a publication of all tables is the DBA's.
        boolean published =
                config.migrationType() != MigrationType.FULL_LOAD
                        && !"all_tables"
                                .equalsIgnoreCase(derived.get("publication.autocreate.mode"));
        if (valid && config.engine() == Engine.POSTGRES && published) {
            ReplicaIdentities.problem(derived)
                    .ifPresent(
                            problem ->
                                    values.stream()
                                            .filter(
                                                    v ->
                                                            v.name()
                                                                    .equals(
                                                                            DmsSourceConfig
                                                                                    .TABLE_MAPPINGS))
                                            .findFirst()
                                            .orElseThrow()
                                            .addErrorMessage(problem));
        }
        return new Config(values);
    }

    /**
     * The error under the key it belongs to: its own when Ferry's parsing names one, else {@code
     * migration.type}, whose derivation of Debezium's settings failed.
     */
    private static Config withError(Config own, ConfigException e) {
        String key =
                e instanceof ConfigKeyException keyed
                        ? keyed.key()
                        : DmsSourceConfig.MIGRATION_TYPE;
        List<ConfigValue> values = new ArrayList<>(own.configValues());
        ConfigValue target =
                values.stream().filter(v -> v.name().equals(key)).findFirst().orElse(null);
        if (target == null) {
            target = new ConfigValue(key);
            values.add(target);
        }
        target.addErrorMessage(e.getMessage());
        return new Config(values);
    }
}
