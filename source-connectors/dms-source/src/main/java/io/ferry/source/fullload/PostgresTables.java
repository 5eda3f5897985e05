package io.ferry.source.fullload;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.relational.CustomConverterRegistry;
import io.debezium.relational.Table;
import io.debezium.relational.TableSchema;
import io.debezium.relational.TableSchemaBuilder;
import io.debezium.relational.Tables;
import io.debezium.relational.mapping.ColumnMappers;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.debezium.util.ColumnUtils;
import io.ferry.common.TableId;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;

/**
 * PostgreSQL through Debezium's own parts, built as its connector task builds them: the connection
 * that reads column definitions and values, the value converter for the database's types and
 * charset, the table schema builder with the connector's column filters, mappers and key columns,
 * and its topic naming.
 */
final class PostgresTables implements DebeziumTables {
    private final PostgresConnectorConfig config;
    private final PostgresConnection connection;
    private final TableSchemaBuilder schemas;
    private final TopicNamingStrategy<io.debezium.relational.TableId> topics;
    private final DebeziumEvents events;
    private final String database;

    PostgresTables(Map<String, String> debezium) throws SQLException {
        config = new PostgresConnectorConfig(Configuration.from(debezium));
        Charset charset;
        try (PostgresConnection probe =
                new PostgresConnection(config.getJdbcConfig(), "ferry-full-load-charset")) {
            charset = probe.getDatabaseCharset();
        }
        connection =
                new PostgresConnection(
                        config.getJdbcConfig(),
                        types -> PostgresValueConverter.of(config, charset, types),
                        "ferry-full-load");
        PostgresValueConverter values =
                PostgresValueConverter.of(config, charset, connection.getTypeRegistry());
        Schema sourceSchema = config.getSourceInfoStructMaker().schema();
        events =
                new DebeziumEvents(
                        sourceSchema,
                        "postgresql",
                        io.debezium.connector.postgresql.Module.version(),
                        config.getLogicalName());
        schemas =
                new TableSchemaBuilder(
                        values,
                        connection.getDefaultValueConverter(),
                        config.schemaNameAdjuster(),
                        new CustomConverterRegistry(List.of()),
                        sourceSchema,
                        config.getFieldNamer(),
                        false,
                        config.getEventConvertingFailureHandlingMode());
        @SuppressWarnings("unchecked")
        TopicNamingStrategy<io.debezium.relational.TableId> naming =
                config.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
        topics = naming;
        database = config.getJdbcConfig().getDatabase();
    }

    @Override
    public Connection connection() throws SQLException {
        return connection.connection();
    }

    @Override
    public List<TableId> present() throws SQLException {
        return connection.readTableNames(null, null, null, new String[] {"TABLE"}).stream()
                .map(id -> new TableId(id.schema(), id.table()))
                .toList();
    }

    @Override
    public Map<TableId, Loaded> read(List<TableId> wanted) throws SQLException {
        Set<TableId> set = new HashSet<>(wanted);
        Tables tables = new Tables();
        connection.readSchema(
                tables,
                null,
                null,
                Tables.TableFilter.fromPredicate(
                        id -> set.contains(new TableId(id.schema(), id.table()))),
                null,
                true);
        ColumnMappers mappers = ColumnMappers.create(config);
        Map<TableId, Loaded> loaded = new LinkedHashMap<>();
        for (TableId id : wanted) {
            Table table = tables.forTable(null, id.schema(), id.table());
            if (table == null) {
                continue;
            }
            TableSchema schema =
                    schemas.create(
                            topics,
                            table,
                            config.getColumnFilter(),
                            mappers,
                            config.getKeyMapper());
            loaded.put(id, new Loaded(id, table, schema, topics.dataChangeTopic(table.id())));
        }
        return loaded;
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
        return database;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
