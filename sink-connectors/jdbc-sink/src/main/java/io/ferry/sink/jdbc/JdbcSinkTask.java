package io.ferry.sink.jdbc;

import io.ferry.common.PluginVersion;
import io.ferry.sink.jdbc.apply.BatchWriter;
import io.ferry.sink.jdbc.apply.Rejections;
import io.ferry.sink.jdbc.change.ChangeReader;
import io.ferry.sink.jdbc.dialect.Dialect;
import io.ferry.sink.jdbc.dialect.Dialects;
import io.ferry.sink.jdbc.table.ControlTables;
import io.ferry.sink.jdbc.table.TableManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers records across polls up to {@code batch.size}, then writes them as one transaction
 * together with the offsets they reach. The offsets in the target, not Kafka's, say where to
 * resume: on assignment the task seeks there, and skips any record below them.
 */
public final class JdbcSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkTask.class);
    private static final long MAX_BACKOFF_MS = 60_000L;

    private JdbcSinkConfig config;
    private Dialect dialect;
    private Connection connection;
    private ControlTables control;
    private TableManager tables;
    private BatchWriter writer;
    private final List<SinkRecord> buffer = new ArrayList<>();

    /** Per assigned partition, the next offset the target has not applied. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();

    private final Set<TopicPartition> assigned = new HashSet<>();

    @Override
    public String version() {
        return PluginVersion.of(JdbcSinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JdbcSinkConfig(props);
        dialect = Dialects.of(config.target());
        try {
            connect();
        } catch (SQLException e) {
            throw new ConnectException(
                    "Cannot connect to " + config.target().family() + ": " + e.getMessage(), e);
        }
    }

    /** Opens the connection; the first time, also builds the parts that depend on it. */
    private void connect() throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        connection = DriverManager.getConnection(config.target().driverUrl(), properties);
        connection.setAutoCommit(false);
        dialect.rowWriter().reset();
        if (writer == null) {
            build(dialect.defaultSchema(connection));
        } else {
            tables.reset();
        }
        control.create(connection);
    }

    private void build(String defaultSchema) {
        String controlSchema =
                config.controlSchema().isEmpty() ? defaultSchema : config.controlSchema();
        control = new ControlTables(dialect, controlSchema, config.connectorName());
        tables = new TableManager(dialect, control, config.prepMode(), config.autoEvolve());
        ChangeReader reader =
                new ChangeReader(
                        config.tableNameFormat(),
                        config.targetSchema(),
                        defaultSchema,
                        config.primaryKeyFields());
        Rejections rejections =
                new Rejections(
                        config.toleratesErrors(),
                        reporter(),
                        control,
                        config.applyExceptions(),
                        config.connectorName());
        writer =
                new BatchWriter(
                        dialect,
                        reader,
                        tables,
                        control,
                        rejections,
                        config.batchApply(),
                        config.disableConstraints());
    }

    private ErrantRecordReporter reporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
        Map<TopicPartition, Long> stored = readOffsets(partitions);
        applied.putAll(stored);
        if (!stored.isEmpty()) {
            LOG.info("Resuming from the offsets stored in the target: {}", stored);
            context.offset(stored);
        }
    }

    private Map<TopicPartition, Long> readOffsets(Collection<TopicPartition> partitions) {
        try {
            if (connection == null) {
                reconnect();
            }
            Map<TopicPartition, Long> stored = control.offsets(connection, partitions);
            connection.commit();
            return stored;
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the offsets stored in the target", e);
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        buffer.removeIf(r -> partitions.contains(partition(r)));
        partitions.forEach(applied::remove);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            Long next = applied.get(partition(record));
            if (next == null || record.originalKafkaOffset() >= next) {
                buffer.add(record);
            }
        }
        if (buffer.size() >= config.batchSize()) {
            flushBuffer();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        flushBuffer();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        applied.forEach(
                (partition, next) -> {
                    if (currentOffsets.containsKey(partition)) {
                        committed.put(partition, new OffsetAndMetadata(next));
                    }
                });
        return committed;
    }

    /** Writes the buffer as one transaction, retrying transient errors on a new connection. */
    private void flushBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        long backoff = config.retryBackoffMs();
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null) {
                    reconnect();
                }
                Map<TopicPartition, Long> next = nextOffsets(buffer);
                writer.write(connection, buffer, next);
                applied.putAll(next);
                buffer.clear();
                return;
            } catch (SQLException e) {
                if (!dialect.isTransient(e) || attempt >= config.maxRetries()) {
                    throw new ConnectException("Writing a batch failed: " + e.getMessage(), e);
                }
                LOG.warn(
                        "Transient error writing a batch (attempt {} of {}), retrying in {} ms: {}",
                        attempt + 1,
                        config.maxRetries(),
                        backoff,
                        e.getMessage());
                pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                closeConnection();
            }
        }
    }

    /**
     * A new connection, and the offsets read again: a commit whose reply was lost may have
     * happened, and its records must not be applied twice.
     */
    private void reconnect() throws SQLException {
        closeConnection();
        try {
            connect();
            Map<TopicPartition, Long> stored = control.offsets(connection, assigned);
            connection.commit();
            applied.putAll(stored);
            buffer.removeIf(
                    r -> {
                        Long next = applied.get(partition(r));
                        return next != null && r.originalKafkaOffset() < next;
                    });
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private static Map<TopicPartition, Long> nextOffsets(List<SinkRecord> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord record : records) {
            next.merge(partition(record), record.originalKafkaOffset() + 1, Math::max);
        }
        return next;
    }

    private static TopicPartition partition(SinkRecord record) {
        // The original partition: a transform may have renamed the topic.
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting to retry", e);
        }
    }

    @Override
    public void stop() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection failed", e);
            }
            connection = null;
        }
    }
}
