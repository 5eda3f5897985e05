package io.ferry.sink.jdbc;

import io.ferry.common.PluginVersion;
import io.ferry.common.SinkTasks;
import io.ferry.sink.jdbc.dialect.Dialects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final int VALIDATE_CONNECT_SECONDS = 20;
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
        String problem;
        String key = JdbcSinkConfig.URL;
        // Connect answers config/validate within 90 s; a server that accepts and stays silent
        // must be named before that, not turn the answer into an HTTP error.
        ExecutorService opener =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "ferry-jdbc-validate");
                            thread.setDaemon(true);
                            return thread;
                        });
        Future<Void> attempt =
                opener.submit(
                        () -> {
                            try (Connection connection =
                                    TargetConnections.open(sink, Dialects.of(sink.target()))) {
                                return null;
                            }
                        });
        try {
            attempt.get(VALIDATE_CONNECT_SECONDS, TimeUnit.SECONDS);
            return config;
        } catch (TimeoutException e) {
            attempt.cancel(true);
            problem = "no answer within " + VALIDATE_CONNECT_SECONDS + " s";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                key = TargetConnections.keyAtFault(sql, sink);
            }
            problem = String.valueOf(cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } finally {
            opener.shutdownNow();
        }
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(key)) {
                value.addErrorMessage(
                        "cannot connect to " + sink.target().family() + ": " + problem);
            }
        }
        return config;
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
