package io.ferry.sink.jdbc;

import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import io.ferry.common.TargetTableFilter;
import io.ferry.dms.TargetTablePrepMode;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The JDBC sink's settings. Keys follow the DMS setting they mirror ({@code TargetTablePrepMode}
 * becomes {@code target.table.prep.mode}); every validator is the check the task itself relies on,
 * so {@code config/validate} rejects what the task would.
 */
public final class JdbcSinkConfig extends AbstractConfig {
    public static final String URL = "connection.url";
    public static final String USER = "connection.user";
    public static final String PASSWORD = "connection.password";
    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String TARGET_SCHEMA = "target.schema";
    public static final String PRIMARY_KEY_FIELDS = "primary.key.fields";
    public static final String PREP_MODE = "target.table.prep.mode";
    public static final String AUTO_EVOLVE = "auto.evolve";
    public static final String BATCH_APPLY = "batch.apply.enabled";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_APPLY_TIMEOUT_MIN = "batch.apply.timeout.min";
    public static final String BATCH_APPLY_LIVE_LINGER_MS = "batch.apply.live.linger.ms";
    public static final String BATCH_APPLY_MEMORY_LIMIT = "batch.apply.memory.limit";
    public static final String DISABLE_CONSTRAINTS = "full.load.disable.constraints";
    public static final String CONTROL_SCHEMA = "control.schema";
    public static final String APPLY_EXCEPTIONS = "apply.exceptions.enabled";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String EXECUTE_TIMEOUT = "execute.timeout";

    public static final ConfigDef CONFIG_DEF =
            TargetTableFilter.define(new ConfigDef())
                    .define(
                            URL,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> TargetDatabase.of((String) value),
                            Importance.HIGH,
                            "JDBC URL of the target: jdbc:postgresql://host:5432/db for"
                                    + " PostgreSQL (RDS, Aurora), jdbc:mariadb://host:3306/db or"
                                    + " jdbc:mysql://host:3306/db for MySQL and MariaDB (RDS,"
                                    + " Aurora).")
                    .define(USER, Type.STRING, null, Importance.HIGH, "Database user.")
                    .define(
                            PASSWORD,
                            Type.PASSWORD,
                            null,
                            Importance.HIGH,
                            "Database password. Never logged.")
                    .define(
                            TABLE_NAME_FORMAT,
                            Type.STRING,
                            "${topic}",
                            (name, value) -> TableNameFormat.parse((String) value),
                            Importance.MEDIUM,
                            "Target table name for records the table-mapping SMT did not name:"
                                    + " a template of ${topic}, ${source.schema} and"
                                    + " ${source.table}. Dots in the result become underscores.")
                    .define(
                            TARGET_SCHEMA,
                            Type.STRING,
                            "",
                            Importance.MEDIUM,
                            "DMS TargetSchema: the schema (MySQL/MariaDB: database) every table"
                                    + " is written to. Empty: the schema the table-mapping SMT"
                                    + " chose, else the connection's default.")
                    .define(
                            PRIMARY_KEY_FIELDS,
                            Type.LIST,
                            "",
                            Importance.MEDIUM,
                            "Columns of the row that form the target's primary key. Empty: the"
                                    + " fields of the record key (Debezium's key is the source"
                                    + " primary key). No key at all: rows are appended, and"
                                    + " updates and deletes match the whole before image.")
                    .define(
                            PREP_MODE,
                            Type.STRING,
                            TargetTablePrepMode.DO_NOTHING.name(),
                            TargetTablePrepMode.VALIDATOR,
                            Importance.HIGH,
                            "DMS TargetTablePrepMode, applied once per table per migration"
                                    + " (the connector's name), never again after a restart or"
                                    + " rebalance: DO_NOTHING, DROP_AND_CREATE or"
                                    + " TRUNCATE_BEFORE_LOAD. Missing tables are always created"
                                    + " with their primary key.")
                    .define(
                            AUTO_EVOLVE,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "Add a nullable column when records bring a column the target"
                                    + " table lacks.")
                    .define(
                            BATCH_APPLY,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "DMS BatchApplyEnabled: reduce each batch to the net change per key"
                                    + " and apply it set-based. Off: changes are applied one at"
                                    + " a time, in order. Either way a batch commits as one"
                                    + " transaction with its offsets.")
                    .define(
                            BATCH_SIZE,
                            Type.INT,
                            10_000,
                            ConfigDef.Range.between(1, 1_000_000),
                            Importance.MEDIUM,
                            "DMS CommitRate: records buffered, across polls, before a batch is"
                                    + " written and committed. A batch is also written at every"
                                    + " offset commit (offset.flush.interval.ms), once its"
                                    + " first change has waited batch.apply.timeout.min, and"
                                    + " once it holds "
                                    + BATCH_APPLY_MEMORY_LIMIT
                                    + ".")
                    .define(
                            BATCH_APPLY_MEMORY_LIMIT,
                            Type.INT,
                            100,
                            ConfigDef.Range.between(1, 1_000_000),
                            Importance.MEDIUM,
                            "DMS BatchApplyMemoryLimit: megabytes of heap the buffered records may"
                                    + " hold (estimated: their values as converted, and as much"
                                    + " again for the bytes Connect keeps with each record)"
                                    + " before a batch is written, in either apply mode: large"
                                    + " rows (LOBs) make smaller batches instead of exhausting"
                                    + " the worker's heap. DMS's default is 500 on a replication"
                                    + " instance; a Connect worker's default heap is 2 GB,"
                                    + " shared by its tasks.")
                    .define(
                            BATCH_APPLY_TIMEOUT_MIN,
                            Type.INT,
                            1,
                            ConfigDef.Range.between(0, 86_400),
                            Importance.MEDIUM,
                            "DMS BatchApplyTimeoutMin: seconds a partial batch waits for more"
                                    + " changes before it is written and committed. The task"
                                    + " asks Connect to poll again by then, so a change reaches"
                                    + " the target within about this time even when offset"
                                    + " commits are a minute apart. 0: every poll's changes are"
                                    + " written at once. Live changes wait "
                                    + BATCH_APPLY_LIVE_LINGER_MS
                                    + " at most.")
                    .define(
                            BATCH_APPLY_LIVE_LINGER_MS,
                            Type.INT,
                            50,
                            ConfigDef.Range.between(0, 86_400_000),
                            Importance.LOW,
                            "Milliseconds a partial batch waits for more changes when it holds a"
                                    + " change stamped less than a second before it was buffered"
                                    + " (the sink has caught up with its source: changes come a"
                                    + " few per poll). The shorter of this and"
                                    + " batch.apply.timeout.min applies. Set it to"
                                    + " batch.apply.timeout.min or more for DMS's meaning"
                                    + " throughout.")
                    .define(
                            DISABLE_CONSTRAINTS,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "While a batch holds only full-load rows, skip foreign-key checks"
                                    + " and triggers as DMS does (PostgreSQL:"
                                    + " session_replication_role=replica, which needs"
                                    + " rds_superuser; MySQL/MariaDB: foreign_key_checks=0).")
                    .define(
                            CONTROL_SCHEMA,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "DMS ControlSchema: where the sink's control tables live"
                                    + " (ferry_sink_offsets, ferry_table_prep,"
                                    + " ferry_apply_exceptions). Empty: the connection's"
                                    + " default schema.")
                    .define(
                            APPLY_EXCEPTIONS,
                            Type.BOOLEAN,
                            true,
                            Importance.LOW,
                            "With errors.tolerance=all, also record each rejected change in"
                                    + " ferry_apply_exceptions (DMS's awsdms_apply_exceptions:"
                                    + " task, table, time, statement, error).")
                    .define(
                            MAX_RETRIES,
                            Type.INT,
                            10,
                            ConfigDef.Range.atLeast(0),
                            Importance.LOW,
                            "Retries of a batch after an error of the database or its"
                                    + " environment (connection lost, deadlock, timeout, disk"
                                    + " full, failover) before the task fails.")
                    .define(
                            RETRY_BACKOFF_MS,
                            Type.LONG,
                            1_000L,
                            RetryBudget.BACKOFF_VALIDATOR,
                            Importance.LOW,
                            "First wait before Connect delivers a failed batch again; it doubles each"
                                    + " time, up to 60 s.")
                    .define(
                            EXECUTE_TIMEOUT,
                            Type.INT,
                            300,
                            ConfigDef.Range.atLeast(0),
                            Importance.LOW,
                            "DMS ExecuteTimeout: seconds a statement may wait for the database's"
                                    + " reply before the connection counts as lost (the batch is"
                                    + " rolled back and retried), so a half-open connection never"
                                    + " hangs the task. 0: no limit.");

    private final TargetDatabase target;
    private final TableNameFormat tableNameFormat;

    public JdbcSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        target = TargetDatabase.of(getString(URL));
        tableNameFormat = TableNameFormat.parse(getString(TABLE_NAME_FORMAT));
    }

    public TargetDatabase target() {
        return target;
    }

    public String user() {
        return getString(USER);
    }

    public String password() {
        Password password = getPassword(PASSWORD);
        return password == null ? null : password.value();
    }

    public TableNameFormat tableNameFormat() {
        return tableNameFormat;
    }

    public String targetSchema() {
        return getString(TARGET_SCHEMA);
    }

    public List<String> primaryKeyFields() {
        return getList(PRIMARY_KEY_FIELDS);
    }

    public TargetTablePrepMode prepMode() {
        return TargetTablePrepMode.parse(getString(PREP_MODE));
    }

    public boolean autoEvolve() {
        return getBoolean(AUTO_EVOLVE);
    }

    public boolean batchApply() {
        return getBoolean(BATCH_APPLY);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long batchMemoryLimitBytes() {
        return getInt(BATCH_APPLY_MEMORY_LIMIT) * (1L << 20);
    }

    public long batchApplyTimeoutMs() {
        return getInt(BATCH_APPLY_TIMEOUT_MIN) * 1000L;
    }

    public long liveLingerMs() {
        return getInt(BATCH_APPLY_LIVE_LINGER_MS);
    }

    public boolean disableConstraints() {
        return getBoolean(DISABLE_CONSTRAINTS);
    }

    public TargetTableFilter targetTables() {
        return TargetTableFilter.parse(getList(TargetTableFilter.INCLUDE_LIST));
    }

    public String controlSchema() {
        return getString(CONTROL_SCHEMA);
    }

    public boolean applyExceptions() {
        return getBoolean(APPLY_EXCEPTIONS);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public int executeTimeoutSeconds() {
        return getInt(EXECUTE_TIMEOUT);
    }

    /** The connector's name: the migration's identity in the control tables. */
    public String connectorName() {
        return SinkTasks.connectorName(originals(), "ferry-jdbc-sink");
    }

    /** Connect's errors.tolerance: all means rejected changes are reported, not fatal. */
    public boolean toleratesErrors() {
        return SinkTasks.toleratesErrors(originals());
    }
}
