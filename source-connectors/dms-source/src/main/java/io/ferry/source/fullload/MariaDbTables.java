package io.ferry.source.fullload;

import io.debezium.bean.StandardBeanNames;
import io.debezium.config.Configuration;
import io.debezium.connector.mariadb.MariaDbConnectorConfig;
import io.debezium.connector.mariadb.antlr.MariaDbAntlrDdlParser;
import io.debezium.connector.mariadb.charset.MariaDbCharsetRegistryServiceProvider;
import io.debezium.connector.mariadb.jdbc.MariaDbConnection;
import io.debezium.connector.mariadb.jdbc.MariaDbConnectionConfiguration;
import io.debezium.connector.mariadb.jdbc.MariaDbDefaultValueConverter;
import io.debezium.connector.mariadb.jdbc.MariaDbFieldReader;
import io.debezium.connector.mariadb.jdbc.MariaDbValueConverters;
import io.debezium.converters.custom.CustomConverterServiceProvider;
import io.debezium.relational.CustomConverterRegistry;
import io.debezium.relational.Table;
import io.debezium.relational.TableSchemaBuilder;
import io.debezium.relational.Tables;
import io.debezium.relational.mapping.ColumnMappers;
import io.debezium.service.spi.ServiceRegistry;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.debezium.util.ColumnUtils;
import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MariaDB through Debezium's own parts, built as its connector task builds them: the table
 * definitions parsed from {@code SHOW CREATE TABLE} by Debezium's DDL parser (as its snapshot reads
 * them), the value converters with the connector's decimal, time, unsigned and binary modes, the
 * field reader that reads each value as Debezium's snapshot does, and its topic naming. A MySQL or
 * MariaDB database is the table's schema.
 */
final class MariaDbTables implements DebeziumTables {
    private final MariaDbConnectorConfig config;
    private final MariaDbConnection connection;
    private final TableSchemaBuilder schemas;
    private final TopicNamingStrategy<io.debezium.relational.TableId> topics;
    private final DebeziumEvents events;

    MariaDbTables(Map<String, String> debezium) {
        Configuration configuration = Configuration.from(debezium);
        config = new MariaDbConnectorConfig(configuration);
        // Debezium's field reader and parser look these services up, as its task registers them.
        config.getBeanRegistry().add(StandardBeanNames.CONFIGURATION, configuration);
        config.getBeanRegistry().add(StandardBeanNames.CONNECTOR_CONFIG, config);
        ServiceRegistry services = config.getServiceRegistry();
        services.registerServiceProvider(new CustomConverterServiceProvider());
        services.registerServiceProvider(new MariaDbCharsetRegistryServiceProvider());
        connection =
                new MariaDbConnection(
                        new MariaDbConnectionConfiguration(configuration),
                        new MariaDbFieldReader(config));
        MariaDbValueConverters values =
                new MariaDbValueConverters(
                        config.getDecimalMode(),
                        config.getTemporalPrecisionMode(),
                        config.getBigIntUnsignedHandlingMode().asBigIntUnsignedMode(),
                        config.binaryHandlingMode(),
                        config.isTimeAdjustedEnabled()
                                ? MariaDbValueConverters::adjustTemporal
                                : temporal -> temporal,
                        config.getEventConvertingFailureHandlingMode(),
                        config.getServiceRegistry());
        schemas =
                new TableSchemaBuilder(
                        values,
                        new MariaDbDefaultValueConverter(values),
                        config.schemaNameAdjuster(),
                        services.getService(CustomConverterRegistry.class),
                        config.getSourceInfoStructMaker().schema(),
                        config.getFieldNamer(),
                        false,
                        config.getEventConvertingFailureHandlingMode());
        @SuppressWarnings("unchecked")
        TopicNamingStrategy<io.debezium.relational.TableId> naming =
                config.getTopicNamingStrategy(MariaDbConnectorConfig.TOPIC_NAMING_STRATEGY);
        topics = naming;
        events =
                new DebeziumEvents(
                        config.getSourceInfoStructMaker().schema(),
                        "mariadb",
                        io.debezium.connector.mariadb.Module.version(),
                        config.getLogicalName());
    }

    @Override
    public Connection connection() throws SQLException {
        return connection.connection();
    }

    @Override
    public List<TableId> present() throws SQLException {
        List<TableId> tables = new ArrayList<>();
        connection.query(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type"
                        + " = 'BASE TABLE' AND table_schema NOT IN ('mysql', 'information_schema',"
                        + " 'performance_schema', 'sys')",
                result -> {
                    while (result.next()) {
                        tables.add(new TableId(result.getString(1), result.getString(2)));
                    }
                });
        return tables;
    }

    /**
     * Key types whose text ({@code CAST AS CHAR}) compares as the column orders. Left out: ENUM and
     * SET (ordered by position, compared as text), BIT (bytes), TIMESTAMP (text in the session's
     * time zone, which the repeated hour of a DST change makes ambiguous), floating-point and
     * binary types.
     */
    private static final java.util.Set<String> PAGEABLE =
            java.util.Set.of(
                    "TINYINT",
                    "SMALLINT",
                    "MEDIUMINT",
                    "INT",
                    "INTEGER",
                    "BIGINT",
                    "DECIMAL",
                    "NUMERIC",
                    "DEC",
                    "FIXED",
                    "CHAR",
                    "VARCHAR",
                    "NCHAR",
                    "NVARCHAR",
                    "DATE",
                    "DATETIME",
                    "TIME",
                    "YEAR",
                    "UUID",
                    "BOOL",
                    "BOOLEAN");

    @Override
    public LoadPlan.Partitioning partitioning(TableId table) throws SQLException {
        List<String> names = new ArrayList<>();
        StringBuilder layout = new StringBuilder();
        // One row per subpartition, or one row with no name for a table without partitions.
        connection.prepareQuery(
                "SELECT partition_name, subpartition_name, partition_method,"
                        + " subpartition_method, partition_expression, subpartition_expression,"
                        + " partition_description FROM information_schema.partitions WHERE"
                        + " table_schema = ? AND table_name = ? AND partition_name IS NOT NULL"
                        + " ORDER BY partition_ordinal_position, subpartition_ordinal_position",
                statement -> {
                    statement.setString(1, table.schema());
                    statement.setString(2, table.table());
                },
                result -> {
                    while (result.next()) {
                        String name = result.getString(1);
                        if (!names.contains(name)) {
                            names.add(name);
                        }
                        for (int i = 1; i <= 7; i++) {
                            layout.append(result.getString(i)).append('\u0000');
                        }
                        layout.append('\n');
                    }
                });
        return names.isEmpty()
                ? LoadPlan.Partitioning.NONE
                : new LoadPlan.Partitioning(names, LoadPlan.Partitioning.digest(layout.toString()));
    }

    @Override
    public java.util.Optional<String> unpageable(Loaded table) {
        java.util.Optional<String> keyless = DebeziumTables.super.unpageable(table);
        if (keyless.isPresent()) {
            return keyless;
        }
        for (String name : table.key()) {
            String type =
                    table.table()
                            .columnWithName(name)
                            .typeName()
                            .toUpperCase(java.util.Locale.ROOT);
            String base = type.split("[ (]")[0];
            if (!PAGEABLE.contains(base)) {
                return java.util.Optional.of(
                        "key column "
                                + name
                                + " is "
                                + type
                                + ", which it cannot page by on MariaDB");
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public Map<TableId, Loaded> read(List<TableId> wanted) throws SQLException {
        ColumnMappers mappers = ColumnMappers.create(config);
        Map<TableId, Loaded> loaded = new LinkedHashMap<>();
        for (TableId id : wanted) {
            String ddl = createStatement(id);
            if (ddl == null) {
                continue;
            }
            Tables tables = new Tables();
            MariaDbAntlrDdlParser parser = new MariaDbAntlrDdlParser();
            parser.setCurrentDatabase(id.schema());
            parser.parse(ddl, tables);
            if (tables.size() != 1) {
                throw new SQLException("Debezium's parser read no table from: " + ddl);
            }
            // Named as the connector names it: the database as catalog, no schema.
            Table table =
                    tables.forTable(tables.tableIds().iterator().next())
                            .edit()
                            .tableId(
                                    new io.debezium.relational.TableId(
                                            id.schema(), null, id.table()))
                            .create();
            loaded.put(
                    id,
                    new Loaded(
                            id,
                            table,
                            schemas.create(
                                    topics,
                                    table,
                                    config.getColumnFilter(),
                                    mappers,
                                    config.getKeyMapper()),
                            topics.dataChangeTopic(table.id())));
        }
        return loaded;
    }

    /** {@code SHOW CREATE TABLE}, or null when the table is gone. */
    private String createStatement(TableId id) throws SQLException {
        String[] ddl = {null};
        try {
            connection.query(
                    "SHOW CREATE TABLE "
                            + Engine.MARIADB.quote(id.schema())
                            + "."
                            + Engine.MARIADB.quote(id.table()),
                    result -> {
                        if (result.next()) {
                            ddl[0] = result.getString(2);
                        }
                    });
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) { // ER_NO_SUCH_TABLE
                return null;
            }
            throw e;
        }
        return ddl[0];
    }

    @Override
    public SegmentReader.RowReader rows(Loaded table) {
        ColumnUtils.ColumnArray columns = table.columnArray();
        return result -> connection.rowToArray(table.table(), result, columns);
    }

    @Override
    public DebeziumEvents events() {
        return events;
    }

    @Override
    public String heartbeatTopic() {
        return topics.heartbeatTopic();
    }

    @Override
    public String database(Loaded table) {
        return table.id().schema();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
