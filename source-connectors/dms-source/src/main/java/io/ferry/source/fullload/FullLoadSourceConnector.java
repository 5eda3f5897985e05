package io.ferry.source.fullload;

import io.ferry.common.PluginVersion;
import io.ferry.common.TableId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full load of the tables a DMS table mapping selects, cut into segments by its {@code
 * parallel-load} rules and read by as many tasks as {@code tasks.max} and {@code
 * max.full.load.subtasks} allow, each row sent as Debezium's snapshot would send it. Every row's
 * record carries its segment's progress, so a task that stops resumes each segment after the last
 * row Connect committed.
 */
public final class FullLoadSourceConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(FullLoadSourceConnector.class);

    private Map<String, String> props;
    private List<LoadPlan.Segment> segments;

    @Override
    public String version() {
        return PluginVersion.of(FullLoadSourceConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        FullLoadConfig config = new FullLoadConfig(props);
        LoadPlan plan = new LoadPlan(config.mappings());
        List<TableId> tables;
        try (DebeziumTables source = SourceTables.open(config)) {
            tables = plan.selected(source.present());
            List<String> refused = new ArrayList<>();
            for (DebeziumTables.Loaded table : source.read(tables).values()) {
                source.unpageable(table)
                        .ifPresent(why -> refused.add(table.id() + " (" + why + ")"));
            }
            for (TableId table : tables) {
                if ((table.schema() + table.table()).matches("(?s).*[\\t\\n].*")) {
                    refused.add(table + " (a tab or line break in its name)");
                }
            }
            if (!refused.isEmpty()) {
                // Before any task starts: a task would fail with other tables' segments unread.
                throw new ConnectException(
                        "Ferry's full load reads a table in the order of its primary key, to"
                                + " resume without a gap; it cannot read "
                                + String.join(", ", refused));
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot list the source's tables: " + e.getMessage(), e);
        }
        segments = plan.segments(tables);
        if (tables.isEmpty()) {
            LOG.warn("The table mapping selects no table of the source: nothing to load");
        } else {
            LOG.info(
                    "Full load of {} tables in {} segments: {}",
                    tables.size(),
                    segments.size(),
                    tables);
        }
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (segments.isEmpty()) {
            return List.of();
        }
        int tasks = Math.min(maxTasks, new FullLoadConfig(props).maxSubtasks());
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<LoadPlan.Segment> dealt : LoadPlan.deal(segments, tasks)) {
            Map<String, String> task = new HashMap<>(props);
            task.put(FullLoadSourceTask.SEGMENTS, FullLoadSourceTask.encode(dealt));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Each row's record carries its own progress: a transaction holds both or neither.
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FullLoadSourceTask.class;
    }

    @Override
    public void stop() {}

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        FullLoadConfig.refused(connectorConfigs)
                .forEach(
                        (key, message) -> {
                            ConfigValue value =
                                    new ConfigValue(
                                            key,
                                            connectorConfigs.get(key),
                                            List.of(),
                                            new ArrayList<>());
                            value.addErrorMessage(message);
                            config.configValues().add(value);
                        });
        return config;
    }

    @Override
    public ConfigDef config() {
        return FullLoadConfig.CONFIG_DEF;
    }
}
