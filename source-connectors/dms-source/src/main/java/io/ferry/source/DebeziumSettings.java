package io.ferry.source;

import io.ferry.common.SourceColumnTypes;
import io.ferry.dms.Engine;
import java.util.HashMap;
import java.util.Map;

/**
 * The Debezium connector configuration a DMS-style one stands for: the user's Debezium keys as
 * given, plus the settings Ferry derives — the snapshot mode for the migration type, the table list
 * from the selection rules, and defaults DMS users would otherwise have to know about.
 */
final class DebeziumSettings {
    /** Debezium's snapshot mode for each migration type. */
    static final String SNAPSHOT_MODE = "snapshot.mode";

    static final String INCLUDE_LIST = "table.include.list";
    static final String EXCLUDE_LIST = "table.exclude.list";
    static final String SKIPPED_OPERATIONS = "skipped.operations";
    static final String POST_PROCESSORS = "post.processors";
    static final String PROPAGATE_TYPES = "datatype.propagate.source.type";
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    private DebeziumSettings() {}

    static Map<String, String> derive(DmsSourceConfig config, Map<String, String> props) {
        Map<String, String> out = new HashMap<>(props);
        DmsSourceConfig.CONFIG_DEF.names().forEach(out::remove);
        Engine engine = config.engine();
        // Debezium looks its own class up here to pick its snapshot services.
        out.put("connector.class", DebeziumConnectors.of(engine).connectorClass);
        MigrationType type = config.migrationType();

        String mode = snapshotMode(engine, type, !config.startPosition().isBlank());
        String given = props.get(SNAPSHOT_MODE);
        if (given != null && !given.equalsIgnoreCase(mode)) {
            throw new ConfigKeyException(
                    SNAPSHOT_MODE,
                    given,
                    "is derived from migration.type="
                            + type.text
                            + " ("
                            + mode
                            + "); leave it out");
        }
        out.put(SNAPSHOT_MODE, mode);

        if (!config.tableMappings().isBlank()) {
            for (String key : new String[] {INCLUDE_LIST, EXCLUDE_LIST}) {
                if (props.containsKey(key)) {
                    throw new ConfigKeyException(
                            key,
                            props.get(key),
                            "comes from table.mappings' selection rules; set one or the other");
                }
            }
            out.put(INCLUDE_LIST, TableSelection.includeList(config.tableMappings()));
        }
        skippedOperations(config, props, out);
        // A sink creates varchar(n) for a character column whose length it knows, as DMS does:
        // such columns can be indexed. LOB columns are told apart by their source type too.
        java.util.Set<String> types =
                new java.util.TreeSet<>(SourceColumnTypes.BOUNDED_CHARACTER_TYPES);
        if (config.lobLimits().changesLobs()) {
            types.addAll(engine.lobTypes());
            types.addAll(engine.maxLengthLobTypes());
        }
        String propagated = "(?i).+\\.(" + String.join("|", types).replace(" ", "\\s") + ")";
        String own = props.get(PROPAGATE_TYPES);
        out.put(
                PROPAGATE_TYPES,
                own == null || own.isBlank() ? propagated : own + "," + propagated);
        if ("all".equalsIgnoreCase(props.getOrDefault(ERRORS_TOLERANCE, "none").trim())) {
            throw new ConfigKeyException(
                    ERRORS_TOLERANCE,
                    props.get(ERRORS_TOLERANCE),
                    "would let Connect drop the rows Kafka or a converter refuses (KIP-779); a"
                            + " migration's source stops instead: leave errors.tolerance at none");
        }
        if (!props.containsKey(POST_PROCESSORS)) {
            // A column the log does not carry (an unchanged TOAST value, an Oracle LOB) arrives
            // as Debezium's placeholder; read it back from the source instead. Not NULLs: a
            // NULL the change set is the value.
            out.put(POST_PROCESSORS, "reselector");
            out.put(
                    "reselector.type",
                    "io.debezium.processors.reselect.ReselectColumnsPostProcessor");
            out.put("reselector.reselect.unavailable.values", "true");
            out.put("reselector.reselect.null.values", "false");
        }
        // Idle tables must not pin the WAL or the binlog position: heartbeats move offsets on.
        out.putIfAbsent("heartbeat.interval.ms", "10000");
        if (engine.binlog()) {
            // BIGINT UNSIGNED above 2^63 would otherwise arrive negative.
            out.putIfAbsent("bigint.unsigned.handling.mode", "precise");
            // The server stores four-digit years: Debezium's adjuster would move a date's year
            // below 100 (0012-05-01) into 2012 (a YEAR column it adjusts regardless).
            out.putIfAbsent("enable.time.adjuster", "false");
            // As a date, YEAR 0000 fails the JDBC driver and with it the whole full load.
            out.putIfAbsent("driver.yearIsDateType", "false");
        }
        if (engine == Engine.POSTGRES) {
            out.putIfAbsent("plugin.name", "pgoutput");
            // Only the selected tables are published, as DMS reads only those.
            out.putIfAbsent("publication.autocreate.mode", "filtered");
            // As microseconds an interval's months and years become 30.4375 and 365.25 days;
            // ISO-8601 text keeps them (DMS too migrates an interval as a string).
            out.putIfAbsent("interval.handling.mode", "string");
            if (type == MigrationType.FULL_LOAD) {
                // A full load leaves no slot behind once capture stops.
                out.put("slot.drop.on.stop", "true");
            }
        }
        return out;
    }

    /**
     * Debezium skips truncates unless told otherwise; DMS applies them by default. A user's own
     * {@code skipped.operations} is kept, unless it drops the truncates the DMS setting asks for.
     */
    private static void skippedOperations(
            DmsSourceConfig config, Map<String, String> props, Map<String, String> out) {
        String given = props.get(SKIPPED_OPERATIONS);
        if (given == null) {
            out.put(SKIPPED_OPERATIONS, config.handlesTruncates() ? "none" : "t");
            return;
        }
        boolean skipsTruncates =
                java.util.Arrays.stream(given.split(","))
                        .anyMatch(op -> op.trim().equalsIgnoreCase("t"));
        if (!skipsTruncates && !config.handlesTruncates()) {
            boolean none = given.isBlank() || given.trim().equalsIgnoreCase("none");
            out.put(SKIPPED_OPERATIONS, none ? "t" : given + ",t");
        }
        if (skipsTruncates && config.handlesTruncates()) {
            throw new ConfigKeyException(
                    SKIPPED_OPERATIONS,
                    given,
                    "skips truncates while "
                            + DmsSourceConfig.HANDLE_TRUNCATED
                            + "=true; set that to false to drop them");
        }
    }

    static String snapshotMode(Engine engine, MigrationType type, boolean startPosition) {
        return switch (type) {
            case FULL_LOAD -> "initial_only";
            case FULL_LOAD_AND_CDC -> "initial";
            // Binlog connectors keep a schema history; from a given position it must be
            // rebuilt from the current schema before streaming.
            case CDC -> engine.binlog() && startPosition ? "recovery" : "no_data";
        };
    }
}
