package io.ferry.sink.jdbc;

import io.ferry.common.PluginVersion;
import io.ferry.common.SinkTasks;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes Debezium change events, table-mapped or flattened rows into PostgreSQL or MySQL/MariaDB,
 * the way DMS does, exactly once. Tasks share the settings; Kafka spreads partitions over them.
 */
public final class JdbcSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new JdbcSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return SinkTasks.copies(props, maxTasks);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(JdbcSinkConnector.class);
    }
}
