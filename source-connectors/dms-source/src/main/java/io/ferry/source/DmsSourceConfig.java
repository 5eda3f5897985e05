package io.ferry.source;

import io.ferry.dms.Engine;
import io.ferry.dms.plan.TablePlanner;
import io.ferry.dms.rules.MappingDocument;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.MappingParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings Ferry adds to a Debezium connector's, named after the DMS settings they mirror.
 * Every other key goes to Debezium unchanged. Each validator calls the parser the connector uses.
 */
public final class DmsSourceConfig extends AbstractConfig {
    public static final String ENGINE = "source.engine";
    public static final String MIGRATION_TYPE = "migration.type";
    public static final String TABLE_MAPPINGS = "table.mappings";
    public static final String START_POSITION = "cdc.start.position";
    public static final String START_GTIDS = "cdc.start.gtid.set";
    public static final String STOP_POSITION = "cdc.stop.position";
    public static final String HANDLE_TRUNCATED = "handle.source.table.truncated";
    public static final String ANNOUNCE_TABLES = "announce.tables";
    public static final String SUPPORT_LOBS = "support.lobs";
    public static final String FULL_LOB_MODE = "full.lob.mode";
    public static final String LIMITED_LOB_MODE = "limited.size.lob.mode";
    public static final String LOB_MAX_SIZE = "lob.max.size";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            ENGINE,
                            Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> parse(name, () -> Engine.of((String) value)),
                            Importance.HIGH,
                            "DMS EngineName of the source: postgres, mysql, mariadb, sqlserver or"
                                    + " oracle. Chooses the Debezium connector that captures it.")
                    .define(
                            MIGRATION_TYPE,
                            Type.STRING,
                            MigrationType.FULL_LOAD_AND_CDC.text,
                            (name, value) -> parse(name, () -> MigrationType.of((String) value)),
                            Importance.HIGH,
                            "DMS MigrationType: full-load (snapshot, then stop capturing),"
                                    + " full-load-and-cdc, or cdc (changes only, from now or from"
                                    + " cdc.start.position).")
                    .define(
                            TABLE_MAPPINGS,
                            Type.STRING,
                            "",
                            (name, value) -> selection(name, (String) value),
                            Importance.HIGH,
                            "The DMS table-mapping JSON: its selection rules become Debezium's"
                                    + " table.include.list, so excluded tables are never captured."
                                    + " Give the same document to the TableMapping SMT.")
                    .define(
                            START_POSITION,
                            Type.STRING,
                            "",
                            Importance.MEDIUM,
                            "DMS CdcStartPosition, for migration.type=cdc: a PostgreSQL LSN"
                                    + " (16/B374D848), a MySQL/MariaDB binlog file:position"
                                    + " (mysql-bin.000024:373), a SQL Server LSN or an Oracle SCN."
                                    + " Used only while the connector has no stored offset.")
                    .define(
                            START_GTIDS,
                            Type.STRING,
                            "",
                            Importance.MEDIUM,
                            "MySQL/MariaDB: the GTID set executed at cdc.start.position (MariaDB:"
                                    + " 0-1-1234, as gtid_slave_pos; MySQL: uuid:1-100). Required"
                                    + " for MariaDB; for MySQL with gtid_mode=ON.")
                    .define(
                            STOP_POSITION,
                            Type.STRING,
                            "",
                            (name, value) -> {
                                if (!((String) value).isBlank()) {
                                    parse(name, () -> StopPosition.parse((String) value));
                                }
                            },
                            Importance.MEDIUM,
                            "DMS CdcStopPosition: commit_time:<UTC time> stops before the first"
                                    + " change committed after it; server_time:<UTC time> stops"
                                    + " when the clock passes it. Empty: never stop.")
                    .define(
                            HANDLE_TRUNCATED,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "DMS HandleSourceTableTruncated (ChangeProcessingDdlHandlingPolicy):"
                                    + " a TRUNCATE of a captured table is sent on as Debezium's"
                                    + " truncate event (op t), which every Ferry sink applies;"
                                    + " false drops it, as Debezium's own default does.")
                    .define(
                            ANNOUNCE_TABLES,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "Before a full load's rows, one record per selected table (op p: no"
                                    + " row, the table's key and row schemas), so sinks create"
                                    + " and prepare every table, empty ones too, as DMS does"
                                    + " when a load starts. false for consumers that do not"
                                    + " know op p.")
                    .define(
                            SUPPORT_LOBS,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "DMS SupportLobs (TargetMetadata): false leaves every LOB column (the"
                                    + " source types DMS calls LOBs, e.g. PostgreSQL text, bytea,"
                                    + " json, jsonb, xml; MySQL TEXT, BLOB and JSON kinds) out of"
                                    + " every row.")
                    .define(
                            FULL_LOB_MODE,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS FullLobMode: whole LOBs. Ferry keeps whole LOBs also when"
                                    + " neither LOB mode is set.")
                    .define(
                            LIMITED_LOB_MODE,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS LimitedSizeLobMode: each LOB is cut to lob.max.size KB, counted"
                                    + " per table (lobs-truncated) and logged, as DMS does."
                                    + " Unlike DMS, Ferry's default keeps whole LOBs.")
                    .define(
                            LOB_MAX_SIZE,
                            Type.INT,
                            32,
                            ConfigDef.Range.between(1, 102_400),
                            Importance.MEDIUM,
                            "DMS LobMaxSize: the KB of each LOB kept in limited.size.lob.mode"
                                    + " (UTF-8 bytes of text, never splitting a character).");

    public DmsSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        if (!startPosition().isBlank() && migrationType() != MigrationType.CDC) {
            throw new ConfigKeyException(
                    START_POSITION, startPosition(), "is only for migration.type=cdc");
        }
        if (getBoolean(LIMITED_LOB_MODE) && getBoolean(FULL_LOB_MODE)) {
            throw new ConfigKeyException(
                    FULL_LOB_MODE, true, "cannot be set with " + LIMITED_LOB_MODE + "; choose one");
        }
        try {
            lobLimits();
        } catch (MappingException e) {
            throw new ConfigKeyException(TABLE_MAPPINGS, e.getMessage());
        }
        if (!startPosition().isBlank()) {
            try {
                StartPosition.offset(engine(), startPosition(), startGtids());
            } catch (IllegalArgumentException e) {
                throw new ConfigKeyException(START_POSITION, e.getMessage());
            }
        }
    }

    Engine engine() {
        return Engine.of(getString(ENGINE));
    }

    MigrationType migrationType() {
        return MigrationType.of(getString(MIGRATION_TYPE));
    }

    String tableMappings() {
        return getString(TABLE_MAPPINGS);
    }

    String startPosition() {
        return getString(START_POSITION);
    }

    boolean announcesTables() {
        return getBoolean(ANNOUNCE_TABLES);
    }

    boolean handlesTruncates() {
        return getBoolean(HANDLE_TRUNCATED);
    }

    /** Kafka's default producer {@code max.request.size}. */
    public static final long KAFKA_DEFAULT_RECORD_BYTES = LobLimits.KAFKA_DEFAULT_BYTES;

    /** The Kafka record size rows need under the LOB settings (see {@link LobLimits}). */
    public long kafkaRecordBytes() {
        return lobLimits().recordBytes();
    }

    /** The LOB settings: the task's, and each table's {@code lob-settings} rule. */
    LobLimits lobLimits() {
        Integer maxKb = getBoolean(LIMITED_LOB_MODE) ? getInt(LOB_MAX_SIZE) : null;
        if (tableMappings().isBlank()) {
            return LobLimits.of(getBoolean(SUPPORT_LOBS), maxKb, List.of());
        }
        MappingDocument document = MappingParser.parse(tableMappings());
        TablePlanner planner = new TablePlanner(document);
        return LobLimits.of(
                getBoolean(SUPPORT_LOBS),
                maxKb,
                document.tableSettings(),
                table -> planner.plan(table).keyColumns());
    }

    String startGtids() {
        return getString(START_GTIDS);
    }

    /** The start point, parsed as the task will use it; empty when none is set. */
    Optional<StartPosition> start(String topicPrefix, List<String> databases) {
        return startPosition().isBlank()
                ? Optional.empty()
                : Optional.of(
                        StartPosition.parse(
                                engine(), startPosition(), startGtids(), topicPrefix, databases));
    }

    Optional<StopPosition> stopPosition() {
        String text = getString(STOP_POSITION);
        return text.isBlank() ? Optional.empty() : Optional.of(StopPosition.parse(text));
    }

    private static void selection(String name, String json) {
        if (json != null && !json.isBlank()) {
            parse(name, () -> TableSelection.includeList(json));
        }
    }

    private static void parse(String name, Runnable parser) {
        try {
            parser.run();
        } catch (MappingException | IllegalArgumentException e) {
            throw new ConfigKeyException(name, e.getMessage());
        }
    }
}
