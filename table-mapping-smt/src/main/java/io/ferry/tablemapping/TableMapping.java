package io.ferry.tablemapping;

import io.ferry.common.PluginVersion;
import io.ferry.common.TableHeaders;
import io.ferry.common.TableId;
import io.ferry.dms.plan.TablePlanner;
import io.ferry.dms.rules.TransformationRule;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a DMS table-mapping document to Debezium change events: tables and rows not selected are
 * dropped; kept records get the mapped column names, masks, a topic named for the target schema and
 * table, and the {@link TableHeaders} every Ferry sink writes by.
 */
public final class TableMapping<R extends ConnectRecord<R>>
        implements Transformation<R>, Versioned {
    private static final Logger LOG = LoggerFactory.getLogger(TableMapping.class);

    private EventMapper mapper;

    @Override
    public void configure(Map<String, ?> props) {
        TableMappingConfig config = new TableMappingConfig(props);
        for (TransformationRule rule : config.document().transformations()) {
            if (rule.target().isTablespace()) {
                LOG.warn(
                        "Table mapping rule-id {} targets a {}; Ferry's targets have no tablespaces, so it is ignored",
                        rule.ruleId(),
                        rule.target().jsonName());
            }
        }
        mapper = new EventMapper(new TablePlanner(config.document()));
    }

    @Override
    public R apply(R record) {
        TableId source = EventMapper.sourceTable(record.topic(), record.value());
        if (source == null) {
            return record;
        }
        Optional<EventMapper.Mapped> mapped =
                mapper.map(
                        source,
                        record.topic(),
                        record.keySchema(),
                        record.key(),
                        record.valueSchema(),
                        record.value());
        if (mapped.isEmpty()) {
            return null;
        }
        EventMapper.Mapped m = mapped.get();
        Headers headers = record.headers().duplicate();
        TableHeaders.write(headers, source, m.target());
        return record.newRecord(
                m.topic(),
                record.kafkaPartition(),
                m.keySchema(),
                m.key(),
                m.valueSchema(),
                m.value(),
                record.timestamp(),
                headers);
    }

    /** Records dropped because their table is not selected, since start. */
    public long droppedByTable() {
        return mapper.droppedTables();
    }

    /** Records dropped by the source filters, since start. */
    public long droppedByFilter() {
        return mapper.droppedRows();
    }

    @Override
    public ConfigDef config() {
        return TableMappingConfig.CONFIG_DEF;
    }

    @Override
    public void close() {
        if (mapper != null) {
            LOG.info(
                    "Table mapping dropped {} records of unselected tables and {} filtered rows",
                    mapper.droppedTables(),
                    mapper.droppedRows());
        }
    }

    @Override
    public String version() {
        return PluginVersion.of(TableMapping.class);
    }
}
