package io.ferry.sink.dynamodb;

import io.ferry.aws.AwsSettings;
import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import io.ferry.common.TargetTableFilter;
import io.ferry.dms.TargetTablePrepMode;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import io.ferry.dms.rules.ObjectMappingRule;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The DynamoDB sink's settings; the object mapping is DMS's table-mapping JSON, verbatim. */
public final class DynamoDbSinkConfig extends AbstractConfig {
    public static final String REGION = AwsSettings.REGION;
    public static final String ENDPOINT = "dynamodb.endpoint.url";
    public static final String ACCESS_KEY = AwsSettings.ACCESS_KEY;
    public static final String SECRET_KEY = AwsSettings.SECRET_KEY;
    public static final String TABLE_MAPPINGS = "table.mappings";
    public static final String PREP_MODE = "target.table.prep.mode";
    public static final String MAX_RETRIES = "max.retries";
    public static final String ORDERING_GUARD = "ordering.guard.enabled";
    public static final String PARALLEL_THREADS = "parallel.load.threads";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String PARALLEL_BUFFER = "parallel.load.buffer.size";
    public static final String WRITE_NULLS = "write.null.attributes";
    public static final String JSON_AS = "json.columns.as";

    public static final ConfigDef CONFIG_DEF =
            AwsSettings.define(TargetTableFilter.define(new ConfigDef()), ENDPOINT, "DynamoDB")
                    .define(
                            TABLE_MAPPINGS,
                            Type.STRING,
                            "",
                            (name, value) -> rules((String) value),
                            Importance.HIGH,
                            "The DMS table-mapping JSON whose object-mapping rules say how rows become items (the same document the TableMapping SMT takes). Empty: every table keyed by its source primary key.")
                    .define(
                            PREP_MODE,
                            Type.STRING,
                            "DO_NOTHING",
                            TargetTablePrepMode.VALIDATOR,
                            Importance.HIGH,
                            "DMS TargetTablePrepMode, once per table per migration (the connector's name): DO_NOTHING, DROP_AND_CREATE or TRUNCATE_BEFORE_LOAD. Missing tables are always created, on-demand.")
                    .define(
                            PARALLEL_THREADS,
                            Type.INT,
                            0,
                            ConfigDef.Range.between(0, 200),
                            Importance.MEDIUM,
                            "DMS ParallelLoadThreads: writer threads per task (0: the task's own"
                                    + " thread). Changes are spread by key, so each key keeps its"
                                    + " order.")
                    .define(
                            PARALLEL_BUFFER,
                            Type.INT,
                            50,
                            ConfigDef.Range.between(1, 1000),
                            Importance.LOW,
                            "DMS ParallelLoadBufferSize: changes queued per writer thread. With"
                                    + " threads, writing overlaps the worker's next poll; offsets"
                                    + " commit only once the queues are written.")
                    .define(
                            WRITE_NULLS,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "Write NULL columns as NULL attributes. Off: they are left out of the"
                                    + " item, as DMS does.")
                    .define(
                            JSON_AS,
                            Type.STRING,
                            "STRING",
                            ConfigDef.CaseInsensitiveValidString.in("STRING", "MAP"),
                            Importance.LOW,
                            "JSON columns (Debezium's io.debezium.data.Json) as their text"
                                    + " (STRING, as DMS) or as DynamoDB maps and lists (MAP).")
                    .define(
                            ORDERING_GUARD,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "Store each change's source position (PostgreSQL LSN, binlog"
                                    + " position; the Kafka offset for records without one) on the"
                                    + " item as _ferry_stream and _ferry_position, keep a marker in"
                                    + " ferry_sink_deletes for deleted items, and write each change"
                                    + " in a transaction conditioned on them, so a replayed or late"
                                    + " change — from any partition or topic — never overwrites a"
                                    + " newer item or brings a deleted one back. Writes then go one"
                                    + " at a time.")
                    .define(
                            MAX_RETRIES,
                            Type.INT,
                            10,
                            ConfigDef.Range.atLeast(0),
                            Importance.LOW,
                            "Retries of writes DynamoDB leaves unprocessed (throttling), and of"
                                    + " batches that fail on DynamoDB or the network (refused,"
                                    + " timeout, a 5xx reply), before the task fails.")
                    .define(
                            RETRY_BACKOFF_MS,
                            Type.LONG,
                            100L,
                            RetryBudget.BACKOFF_VALIDATOR,
                            Importance.LOW,
                            "Base of the exponential backoff between those retries: with full"
                                    + " jitter for unprocessed writes; doubling up to 60 s for"
                                    + " failed batches (some 100 s in all with the defaults).");

    public DynamoDbSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** The object-mapping rules of a table-mapping document; none for an empty setting. */
    static List<ObjectMappingRule> rules(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return MappingParser.parse(json).objectMappings();
        } catch (MappingException e) {
            throw new ConfigException(TABLE_MAPPINGS + ": " + e.getMessage());
        }
    }

    List<ObjectMappingRule> objectMappings() {
        return rules(getString(TABLE_MAPPINGS));
    }

    TargetTablePrepMode prepMode() {
        return TargetTablePrepMode.parse(getString(PREP_MODE));
    }

    int parallelThreads() {
        return getInt(PARALLEL_THREADS);
    }

    int parallelBufferSize() {
        return getInt(PARALLEL_BUFFER);
    }

    TargetTableFilter targetTables() {
        return TargetTableFilter.parse(getList(TargetTableFilter.INCLUDE_LIST));
    }

    AttributeValues attributeValues() {
        return new AttributeValues(
                getBoolean(WRITE_NULLS), "MAP".equalsIgnoreCase(getString(JSON_AS)));
    }

    boolean orderingGuard() {
        return getBoolean(ORDERING_GUARD);
    }

    int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    String connectorName() {
        return SinkTasks.connectorName(originals(), "ferry-dynamodb-sink");
    }

    boolean toleratesErrors() {
        return SinkTasks.toleratesErrors(originals());
    }

    /** The region, endpoint and credentials the client is built with. */
    AwsSettings aws() {
        return AwsSettings.of(this, ENDPOINT);
    }
}
