package io.ferry.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a worker gives a sink task, for tests that drive the task directly: the seeks it asks for (a
 * map the test may keep across restarts, as Kafka keeps offsets) and the records it reports to the
 * errant-record reporter.
 */
public final class RecordingSinkContext implements SinkTaskContext {
    private final List<Long> timeouts = new java.util.ArrayList<>();

    public final Map<TopicPartition, Long> seeks;
    public final List<SinkRecord> reported = new ArrayList<>();

    /** Why each of {@link #reported} was reported, in the same order. */
    public final List<Throwable> reasons = new ArrayList<>();

    /** The thread each of {@link #reported} was reported from, in the same order. */
    public final List<String> reportingThreads = new ArrayList<>();

    /** When set, every report fails with it (the dead letter topic out of reach). */
    public volatile RuntimeException reportFailure;

    /** The partitions the task has paused and not resumed, as Connect keeps them. */
    public final Set<TopicPartition> paused = new HashSet<>();

    private final Map<String, String> configs;

    public RecordingSinkContext(Map<String, String> configs) {
        this(configs, new HashMap<>());
    }

    public RecordingSinkContext(Map<String, String> configs, Map<TopicPartition, Long> seeks) {
        this.configs = configs;
        this.seeks = seeks;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        seeks.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition partition, long offset) {
        seeks.put(partition, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    /** Every timeout the task asked for, in order: how soon it wanted the next poll. */
    public List<Long> timeouts() {
        return timeouts;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return (record, error) -> {
            reported.add(record);
            reasons.add(error);
            reportingThreads.add(Thread.currentThread().getName());
            RuntimeException failure = reportFailure;
            return failure == null
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(failure);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
