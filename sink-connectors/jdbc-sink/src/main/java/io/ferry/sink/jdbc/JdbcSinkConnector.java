package io.ferry.sink.jdbc;

import io.ferry.common.PluginVersion;
import io.ferry.common.SinkTasks;
import io.ferry.sink.jdbc.dialect.Dialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
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

    /**
     * The keys' own checks, then, when they pass, a connection to the target as the tasks will open
     * it: a wrong password or an unreachable database is named here, not by a failed task.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        if (config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return config;
        }
        JdbcSinkConfig sink = new JdbcSinkConfig(connectorConfigs);
        try (Connection connection = TargetConnections.open(sink, Dialects.of(sink.target()))) {
            return config;
        } catch (SQLException e) {
            String key = TargetConnections.keyAtFault(e, sink);
            for (ConfigValue value : config.configValues()) {
                if (value.name().equals(key)) {
                    value.addErrorMessage(
                            "cannot connect to " + sink.target().family() + ": " + e.getMessage());
                }
            }
            return config;
        }
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
