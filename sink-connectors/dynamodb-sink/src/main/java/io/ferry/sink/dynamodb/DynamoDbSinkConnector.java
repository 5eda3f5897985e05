package io.ferry.sink.dynamodb;

import io.ferry.common.PluginVersion;
import io.ferry.common.SinkTasks;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Writes change events to DynamoDB with DMS's object mapping. */
public final class DynamoDbSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new DynamoDbSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DynamoDbSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return SinkTasks.copies(props, maxTasks);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return DynamoDbSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.of(DynamoDbSinkConnector.class);
    }
}
