package io.ferry.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The worker's task context with one change: while Connect holds no offset for one of Debezium's
 * source partitions, Debezium reads the native start point there instead, and so begins capture at
 * it. Once an offset is committed, Connect's offset wins, as on any restart.
 */
final class StartingContext implements SourceTaskContext {
    private final SourceTaskContext worker;
    private final StartPosition start;

    StartingContext(SourceTaskContext worker, StartPosition start) {
        this.worker = worker;
        this.start = start;
    }

    @Override
    public Map<String, String> configs() {
        return worker.configs();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        OffsetStorageReader stored = worker.offsetStorageReader();
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                Map<String, Object> offset = stored.offset(partition);
                return offset == null && start.partitions().contains(partition)
                        ? new HashMap<>(start.offset())
                        : offset;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(
                    Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> offsets =
                        new HashMap<>(stored.offsets(partitions));
                for (Map<String, T> partition : partitions) {
                    if (offsets.get(partition) == null && start.partitions().contains(partition)) {
                        offsets.put(partition, new HashMap<>(start.offset()));
                    }
                }
                return offsets;
            }
        };
    }

    @Override
    public TransactionContext transactionContext() {
        return worker.transactionContext();
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return worker.pluginMetrics();
    }
}
