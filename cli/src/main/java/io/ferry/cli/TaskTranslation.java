package io.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.dms.Engine;
import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.MappingParser;
import io.ferry.sink.dynamodb.DynamoDbSinkConfig;
import io.ferry.sink.jdbc.JdbcSinkConfig;
import io.ferry.sink.s3.S3SinkConfig;
import io.ferry.source.DebeziumConnectors;
import io.ferry.source.DmsSourceConfig;
import io.ferry.source.fullload.FullLoadConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A DMS task — table mappings, task settings, source and target endpoints — as a Ferry source and
 * sink config. DMS settings become the Ferry keys named after them when the connector has one and
 * accepts the value; every other setting is listed in {@link #notTranslated()}, never dropped
 * silently. Passwords become config-provider references, never values.
 */
final class TaskTranslation {
    private final String name;
    private final Map<String, String> source = new LinkedHashMap<>();
    private final Map<String, String> sink = new LinkedHashMap<>();
    private final List<String> notTranslated = new ArrayList<>();

    /** Whether the source is Ferry's parallel full load rather than the DMS source. */
    private final boolean parallelLoad;

    record Inputs(
            String name,
            String migrationType,
            JsonNode tableMappings,
            JsonNode taskSettings,
            JsonNode sourceEndpoint,
            JsonNode targetEndpoint,
            String cdcStartPosition,
            String cdcStopPosition,
            String kafkaBootstrap) {}

    TaskTranslation(Inputs in) {
        this.name = in.name();
        String mappings = in.tableMappings().toString();
        MappingDocument document = MappingParser.parse(mappings);
        parallelLoad =
                parallelLoad(in.migrationType(), in.sourceEndpoint(), mappings)
                        // The DMS source keeps Debezium's load for the LOB settings it honours.
                        && !lobSettings(in.taskSettings());
        translateSource(in, mappings);
        ConfigDef sinkDef = translateTarget(in.targetEndpoint(), mappings);
        if (in.taskSettings() != null) {
            settings("task-settings", "", in.taskSettings(), sinkDef);
        }
        for (String note :
                parallelLoad ? document.notCarriedByParallelLoad() : document.notCarried()) {
            notTranslated.add("table-mappings " + note);
        }
        recordSizes();
    }

    /**
     * Whether Ferry's parallel full load carries out the task's load, as the DMS source decides it
     * (one owner): PostgreSQL, MariaDB in a full load, a {@code ranges} rule its validation
     * accepts.
     */
    private static boolean parallelLoad(
            String migrationType, JsonNode sourceEndpoint, String mappings) {
        return FullLoadConfig.carriesOut(
                Map.of(
                        FullLoadConfig.ENGINE,
                        sourceEndpoint.path("EngineName").asText(""),
                        FullLoadConfig.MIGRATION_TYPE,
                        migrationType,
                        FullLoadConfig.TABLE_MAPPINGS,
                        mappings));
    }

    /** Whether the task settings set how LOBs migrate (DMS {@code TargetMetadata}). */
    private static boolean lobSettings(JsonNode taskSettings) {
        JsonNode target = taskSettings == null ? null : taskSettings.path("TargetMetadata");
        return target != null
                && java.util.stream.Stream.of(
                                "SupportLobs", "FullLobMode", "LimitedSizeLobMode", "LobMaxSize")
                        .anyMatch(target::has);
    }

    /**
     * Kafka record sizes for the rows the LOB settings let through, on the source's producer and
     * topics and the sink's consumer; Kafka's defaults when they suffice.
     */
    private void recordSizes() {
        long bytes;
        try {
            bytes = new DmsSourceConfig(source).kafkaRecordBytes();
        } catch (ConfigException | IllegalArgumentException e) {
            return; // config/validate at deploy names the problem
        }
        if (bytes <= DmsSourceConfig.KAFKA_DEFAULT_RECORD_BYTES) {
            return;
        }
        String size = Long.toString(bytes);
        source.put("producer.override.max.request.size", size);
        if (bytes > 16L * 1_048_576) {
            // The producer's buffer must hold a record, and another while it is sent.
            source.put("producer.override.buffer.memory", Long.toString(2 * bytes));
        }
        source.put("topic.creation.default.max.message.bytes", size);
        source.put("topic.creation.default.replication.factor", "-1");
        source.put("topic.creation.default.partitions", "-1");
        sink.put("consumer.override.max.partition.fetch.bytes", size);
    }

    Map<String, String> source() {
        return source;
    }

    Map<String, String> sink() {
        return sink;
    }

    List<String> notTranslated() {
        return notTranslated;
    }

    private void translateSource(Inputs in, String mappings) {
        JsonNode endpoint = in.sourceEndpoint();
        String engine = endpoint.path("EngineName").asText("");
        Engine kind = Engine.of(engine);
        // The DMS source, which runs the parallel load (with Ferry's Debezium settings, as its
        // capture reads them) and then captures.
        source.put("connector.class", "io.ferry.source.DmsSourceConnector");
        // DMS's MaxFullLoadSubTasks default: segments loading at once.
        source.put("tasks.max", parallelLoad ? "8" : "1");
        source.put(DmsSourceConfig.ENGINE, engine);
        source.put(DmsSourceConfig.MIGRATION_TYPE, in.migrationType());
        source.put(DmsSourceConfig.TABLE_MAPPINGS, mappings);
        if (in.cdcStartPosition() != null) {
            source.put(DmsSourceConfig.START_POSITION, in.cdcStartPosition());
        }
        if (in.cdcStopPosition() != null) {
            source.put(DmsSourceConfig.STOP_POSITION, in.cdcStopPosition());
        }
        source.put("topic.prefix", name);
        for (Iterator<Map.Entry<String, JsonNode>> it = endpoint.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String value = DmsJson.text(field.getValue());
            switch (field.getKey()) {
                case "EngineName", "EndpointType", "EndpointIdentifier", "Password" -> {}
                case "ServerName" -> source.put("database.hostname", value);
                case "Port" -> source.put("database.port", value);
                case "Username" -> source.put("database.user", value);
                case "DatabaseName" -> {
                    if (DebeziumConnectors.databaseKey(kind) != null) {
                        source.put(DebeziumConnectors.databaseKey(kind), value);
                    }
                }
                default ->
                        notTranslated.add(
                                "source-endpoint "
                                        + field.getKey()
                                        + " = "
                                        + value
                                        + ": "
                                        + SourceEndpointReasons.of(field.getKey()));
            }
        }
        source.put("database.password", secret("source"));
        if (kind == Engine.POSTGRES) {
            source.put("slot.name", slotName());
            source.put("publication.name", slotName());
        } else {
            source.put("schema.history.internal.kafka.bootstrap.servers", in.kafkaBootstrap());
            source.put("schema.history.internal.kafka.topic", "schema-history." + name);
            if (kind.binlog()) {
                source.put(
                        "database.server.id",
                        Integer.toString(5400 + Math.floorMod(name.hashCode(), 100_000)));
            }
        }
    }

    private ConfigDef translateTarget(JsonNode endpoint, String mappings) {
        String engine = endpoint.path("EngineName").asText("").toLowerCase(Locale.ROOT);
        sink.put("tasks.max", "1");
        sink.put("topics.regex", name.replace(".", "\\.") + "\\..*");
        // The mapping's renames and filters, applied as the sink reads; the sink writes by them.
        sink.put("transforms", "dms");
        sink.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        sink.put("transforms.dms.table.mappings", mappings);
        ConfigDef def;
        String settingsBlock;
        Engine jdbcTarget =
                Engine.find(engine).filter(e -> e == Engine.POSTGRES || e.binlog()).orElse(null);
        switch (jdbcTarget != null ? "jdbc" : engine) {
            case "s3" -> {
                sink.put("connector.class", "io.ferry.sink.s3.S3SinkConnector");
                def = S3SinkConfig.CONFIG_DEF;
                settingsBlock = "S3Settings";
            }
            case "dynamodb" -> {
                sink.put("connector.class", "io.ferry.sink.dynamodb.DynamoDbSinkConnector");
                sink.put(DynamoDbSinkConfig.TABLE_MAPPINGS, mappings);
                def = DynamoDbSinkConfig.CONFIG_DEF;
                settingsBlock = "DynamoDbSettings";
            }
            case "jdbc" -> {
                sink.put("connector.class", "io.ferry.sink.jdbc.JdbcSinkConnector");
                String scheme = jdbcTarget == Engine.POSTGRES ? "postgresql" : "mysql";
                sink.put(
                        "connection.url",
                        "jdbc:"
                                + scheme
                                + "://"
                                + endpoint.path("ServerName").asText()
                                + ":"
                                + endpoint.path("Port").asText()
                                + "/"
                                + endpoint.path("DatabaseName").asText());
                sink.put("connection.user", endpoint.path("Username").asText());
                sink.put("connection.password", secret("target"));
                def = JdbcSinkConfig.CONFIG_DEF;
                settingsBlock = jdbcTarget.settingsBlock();
            }
            default ->
                    throw new IllegalArgumentException(
                            "target engine '"
                                    + engine
                                    + "' has no Ferry sink: s3, dynamodb, postgres,"
                                    + " aurora-postgresql, mysql, aurora, mariadb");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = endpoint.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "EngineName",
                        "EndpointType",
                        "EndpointIdentifier",
                        "Password",
                        "ServerName",
                        "Port",
                        "Username",
                        "DatabaseName" -> {}
                default -> {
                    if (field.getKey().equals(settingsBlock) && field.getValue().isObject()) {
                        settings("target-endpoint", settingsBlock + ".", field.getValue(), def);
                    } else if (field.getValue().isObject()) {
                        notTranslated.add(
                                "target-endpoint "
                                        + field.getKey()
                                        + ": no Ferry settings (this target reads "
                                        + settingsBlock
                                        + ")");
                    } else {
                        // A bare settings file (the console's "endpoint settings" JSON).
                        setting("target-endpoint", "", field.getKey(), field.getValue(), def);
                    }
                }
            }
        }
        return def;
    }

    /** Every leaf of a settings object, as the sink's key when it has one that takes the value. */
    private void settings(String origin, String prefix, JsonNode node, ConfigDef def) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                settings(origin, prefix + field.getKey() + ".", field.getValue(), def);
            } else {
                setting(origin, prefix, field.getKey(), field.getValue(), def);
            }
        }
    }

    private void setting(
            String origin, String prefix, String dmsName, JsonNode value, ConfigDef def) {
        String text = DmsJson.text(value);
        String where = origin + " " + prefix + dmsName + " = " + text;
        if (origin.equals("task-settings") && special(prefix + dmsName, text, where, def)) {
            return;
        }
        String key = DmsJson.key(dmsName);
        ConfigDef.ConfigKey configKey = def.configKeys().get(key);
        Map<String, String> into = sink;
        if (configKey == null && origin.equals("task-settings")) {
            // Task settings about capture (HandleSourceTableTruncated) are the source's.
            configKey = DmsSourceConfig.CONFIG_DEF.configKeys().get(key);
            into = source;
        }
        if (configKey == null || value.isContainerNode()) {
            notTranslated.add(where + ": no Ferry setting");
            return;
        }
        put(into, key, configKey, text, where);
    }

    /** The value under the key when the key's own parser and validator accept it. */
    private void put(
            Map<String, String> into,
            String key,
            ConfigDef.ConfigKey configKey,
            String text,
            String where) {
        try {
            Object parsed = ConfigDef.parseType(key, text, configKey.type);
            if (configKey.validator != null) {
                configKey.validator.ensureValid(key, parsed);
            }
            into.put(key, text);
        } catch (ConfigException e) {
            notTranslated.add(where + ": left at Ferry's default (" + e.getMessage() + ")");
        }
    }

    /**
     * Task settings whose Ferry key is not named after them, or that stand for Connect's own error
     * handling; true when handled (translated or reported with why).
     */
    private boolean special(String path, String text, String where, ConfigDef def) {
        switch (path) {
            case "FullLoadSettings.CommitRate" -> {
                if (parallelLoad) {
                    put(
                            source,
                            FullLoadConfig.COMMIT_RATE,
                            FullLoadConfig.CONFIG_DEF.configKeys().get(FullLoadConfig.COMMIT_RATE),
                            text,
                            where);
                    if (!def.configKeys().containsKey("batch.size")) {
                        return true; // carried by the source; this sink has no batch size
                    }
                }
                return renamed(where, "batch.size", text, def);
            }
            case "FullLoadSettings.MaxFullLoadSubTasks" -> {
                if (!parallelLoad) {
                    notTranslated.add(
                            where
                                    + ": the DMS source's full load is one Debezium snapshot"
                                    + " thread; Ferry's parallel full load takes it with a"
                                    + " parallel-load ranges rule (PostgreSQL, or MariaDB in a"
                                    + " full-load migration)");
                    return true;
                }
                ConfigDef.ConfigKey key =
                        FullLoadConfig.CONFIG_DEF.configKeys().get(FullLoadConfig.MAX_SUBTASKS);
                put(source, FullLoadConfig.MAX_SUBTASKS, key, text, where);
                if (source.containsKey(FullLoadConfig.MAX_SUBTASKS)) {
                    source.put("tasks.max", text);
                }
                return true;
            }
            case "ChangeProcessingTuning.BatchApplyMemoryLimit" -> {
                // DMS sizes it for a replication instance's memory; here it is per task, in a
                // worker heap its tasks share: more than Ferry's default is left to the user.
                ConfigDef.ConfigKey key = def.configKeys().get("batch.apply.memory.limit");
                if (key != null && key.defaultValue instanceof Integer ferryDefault) {
                    try {
                        if (Long.parseLong(text.trim()) > ferryDefault) {
                            notTranslated.add(
                                    where
                                            + ": left at Ferry's "
                                            + ferryDefault
                                            + " MB a task (DMS's limit is of a replication"
                                            + " instance; a Connect worker's heap, 2 GB by"
                                            + " default, is shared by its tasks); set"
                                            + " batch.apply.memory.limit to what the workers'"
                                            + " heap holds");
                            return true;
                        }
                    } catch (NumberFormatException e) {
                        // the key's own validation reports it
                    }
                }
                return false;
            }
            case "ErrorBehavior.RecoverableErrorCount" -> {
                // DMS: -1 retries for ever; Connect's sinks take a count.
                return renamed(where, "max.retries", text.equals("-1") ? "2147483646" : text, def);
            }
            case "ErrorBehavior.RecoverableErrorInterval" -> {
                return renamed(where, "retry.backoff.ms", seconds(text), def);
            }
            case "ErrorBehavior.DataErrorPolicy" -> {
                switch (text) {
                    case "LOG_ERROR", "IGNORE_RECORD" -> {
                        // A row that cannot be written goes on with its original bytes kept.
                        sink.put("errors.tolerance", "all");
                        sink.put("errors.log.enable", "true");
                        sink.put("errors.deadletterqueue.topic.name", name + "-dlq");
                        sink.put("errors.deadletterqueue.context.headers.enable", "true");
                    }
                    case "STOP_TASK" -> sink.put("errors.tolerance", "none");
                    default ->
                            notTranslated.add(
                                    where
                                            + ": Connect cannot suspend one table; the task stops"
                                            + " (errors.tolerance=none) unless you set"
                                            + " errors.tolerance=all");
                }
                return true;
            }
            case "ErrorBehavior.ApplyErrorInsertPolicy", "ErrorBehavior.ApplyErrorUpdatePolicy" -> {
                notTranslated.add(
                        where
                                + ": Ferry's sinks upsert, so an insert of an existing row"
                                + " replaces it and an update of a missing row inserts it"
                                + " (DMS's INSERT_RECORD / UPDATE_RECORD)");
                return true;
            }
            case "TargetMetadata.LobChunkSize", "TargetMetadata.InlineLobMaxSize" -> {
                notTranslated.add(where + ": a Kafka record carries each LOB whole, in one piece");
                return true;
            }
            case "ErrorBehavior.ApplyErrorDeletePolicy" -> {
                notTranslated.add(where + ": a delete of a missing row is no error in Ferry");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The DMS setting as the Ferry key of another name, when the sink has it. */
    private boolean renamed(String where, String key, String text, ConfigDef def) {
        ConfigDef.ConfigKey configKey = def.configKeys().get(key);
        if (configKey == null) {
            notTranslated.add(where + ": no Ferry setting (this sink has no " + key + ")");
        } else {
            put(sink, key, configKey, text, where);
        }
        return true;
    }

    private static String seconds(String text) {
        try {
            return Long.toString(Long.parseLong(text) * 1000);
        } catch (NumberFormatException e) {
            return text; // refused by the key's own parser, with its message
        }
    }

    private String secret(String side) {
        return "${file:/opt/kafka/secrets/" + name + "-" + side + ".properties:password}";
    }

    private String slotName() {
        return "ferry_" + name.replaceAll("[^a-z0-9_]", "_");
    }
}
