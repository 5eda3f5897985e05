package io.ferry.sink.jdbc;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.RecordingSinkContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Drives {@link JdbcSinkTask} the way a worker does (start, open, put, preCommit, stop), without a
 * broker, against a real database; and reads tables back as text rows.
 */
final class SinkHarness {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000);

    private final LocalDatabase database;

    SinkHarness(LocalDatabase database) {
        this.database = database;
    }

    /** A name no other test or earlier run has used. */
    static String unique(String prefix) {
        return prefix + "_" + IDS.incrementAndGet();
    }

    Map<String, String> props(String connector) {
        Map<String, String> props = new HashMap<>();
        props.put("name", connector);
        props.put(JdbcSinkConfig.URL, database.jdbcUrl());
        props.put(JdbcSinkConfig.USER, LocalDatabase.USER);
        props.put(JdbcSinkConfig.PASSWORD, LocalDatabase.PASSWORD);
        return props;
    }

    /** A started task that owns {@code partitions}, as after a rebalance. */
    Running start(Map<String, String> props, Collection<TopicPartition> partitions) {
        return start(props, partitions, new AtomicLong());
    }

    /**
     * A started task whose partial batches wait by {@code batchClock} (epoch ms): held still, a
     * batch is written when full or at a commit, as the tests drive it.
     */
    Running start(
            Map<String, String> props,
            Collection<TopicPartition> partitions,
            AtomicLong batchClock) {
        RecordingSinkContext context = new RecordingSinkContext(props);
        // A clock an hour on at each reading: every retry is due, so the tests drive the attempts
        // (RetryBudgetTest proves the waits).
        AtomicLong hours = new AtomicLong();
        JdbcSinkTask task = new JdbcSinkTask(() -> hours.addAndGet(3_600_000L), batchClock::get);
        task.initialize(context);
        task.start(props);
        task.open(partitions);
        return new Running(task, context, new HashSet<>(partitions));
    }

    /** A running task, its context and the partitions it owns. */
    record Running(JdbcSinkTask task, RecordingSinkContext context, Set<TopicPartition> owned) {
        void put(List<SinkRecord> records) {
            task.put(records);
        }

        /**
         * What the worker does at each offset commit and the poll after it: {@code preCommit} with
         * the partitions it owns, then {@code put} (a failure found in {@code preCommit} surfaces
         * there). Returns the offsets {@code preCommit} gave Kafka to commit.
         */
        Map<TopicPartition, Long> commit() {
            Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
            owned.forEach(p -> current.put(p, new OffsetAndMetadata(0)));
            Map<TopicPartition, Long> committed = new HashMap<>();
            task.preCommit(current).forEach((p, o) -> committed.put(p, o.offset()));
            task.put(List.of());
            return committed;
        }

        /** A rebalance that adds partitions to the task. */
        void assign(Collection<TopicPartition> partitions) {
            owned.addAll(partitions);
            task.open(partitions);
        }

        void putAndCommit(List<SinkRecord> records) {
            put(records);
            commit();
        }

        /** Puts the records, then commits: the offsets {@code preCommit} returned. */
        Map<TopicPartition, Long> commit(List<SinkRecord> records) {
            put(records);
            return commit();
        }

        void stop() {
            task.stop();
        }
    }

    /** The table's rows as text, {@code |}-separated, ordered by {@code orderBy}. */
    List<String> rows(String table, String orderBy) {
        return query("SELECT * FROM " + table + " ORDER BY " + orderBy);
    }

    List<String> query(String sql) {
        return database.rows(sql);
    }
}
