package io.ferry.sink.dynamodb;

import io.ferry.common.LoadRestarts;
import io.ferry.common.PluginVersion;
import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes each poll's records before returning — or, with parallel writers, before the next offset
 * commit — awaits every DLQ report, and never commits the offsets Connect keeps of a failed batch
 * across a rebalance ({@link FailedBatch}): an offset commit never passes a record that is neither
 * in DynamoDB nor in the DLQ. Puts and deletes are idempotent per key, so a replay after a crash
 * ends in the same items. A truncate empties its table in order with the changes around it;
 * replayed, it empties the table again before the later changes.
 */
public final class DynamoDbSinkTask extends SinkTask {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(DynamoDbSinkTask.class);

    /** Where each partition stands between loads ({@link LoadRestarts}), as saved. */
    private final Map<TopicPartition, Tables.AnnounceState> announceStates = new HashMap<>();

    private final FailedBatch failedBatch = new FailedBatch();

    private DeferredRejections deferred;

    private RetryBudget retries;

    private DynamoDbSinkConfig config;
    private DynamoDbClient dynamo;
    private ItemMapper mapper;
    private ItemWriter writer;
    private ConditionalWriter conditional;
    private ParallelWriter parallel;
    private Tables tables;

    @Override
    public String version() {
        return PluginVersion.of(DynamoDbSinkTask.class);
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DynamoDbSinkConfig(props);
        dynamo = client(config);
        mapper =
                new ItemMapper(
                        config.objectMappings(), config.attributeValues(), config.targetTables());
        deferred = new DeferredRejections(this::report);
        // Writer threads refuse records for the DLQ through the task's thread (see there).
        boolean deferring =
                config.parallelThreads() > 0
                        && config.toleratesErrors()
                        && context.errantRecordReporter() != null;
        writer =
                new ItemWriter(
                        dynamo,
                        config.maxRetries(),
                        config.retryBackoffMs(),
                        deferring ? deferred::add : this::reject);
        tables = new Tables(dynamo, config.connectorName(), config.prepMode());
        retries = new RetryBudget(config.maxRetries(), config.retryBackoffMs());
        conditional =
                new ConditionalWriter(
                        dynamo,
                        config.orderingGuard() ? new OrderingGuard() : null,
                        tables,
                        config.maxRetries(),
                        config.retryBackoffMs(),
                        this::reject);
        parallel =
                config.parallelThreads() > 0
                        ? new ParallelWriter(
                                writer, config.parallelThreads(), config.parallelBufferSize())
                        : null;
    }

    static DynamoDbClient client(DynamoDbSinkConfig config) {
        return config.aws().build(DynamoDbClient.builder());
    }

    /**
     * DynamoDB or the network failing (refused, reset, timed out, a 5xx or throttling reply) is the
     * environment's error: Connect delivers the same records again after a backoff, until
     * max.retries (writes are idempotent, and a record rejected to the DLQ may be reported twice).
     * With parallel writer threads, a write queued by an earlier batch may be what failed: the task
     * fails then, to start again from the committed offsets.
     */
    @Override
    public void put(Collection<SinkRecord> delivered) {
        deferred.report();
        Collection<SinkRecord> records = failedBatch.writable(delivered);
        try {
            attempt(records);
        } catch (RuntimeException e) {
            failedBatch.failed(delivered);
            throw e;
        }
        failedBatch.succeeded(records);
    }

    private void attempt(Collection<SinkRecord> records) {
        retries.awaitDue(context);
        try {
            write(records);
            if (!records.isEmpty()) {
                retries.succeeded();
            }
        } catch (SdkException e) {
            if (!isEnvironmental(e) || parallel != null) {
                throw e;
            }
            throw retries.failed("Writing to DynamoDB", e, context);
        }
    }

    private static boolean isEnvironmental(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500 || service.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    private void write(Collection<SinkRecord> records) {
        List<ItemChange> changes = new ArrayList<>();
        Map<TopicPartition, Tables.AnnounceState> states = new HashMap<>();
        for (SinkRecord record : records) {
            TopicPartition partition =
                    new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            Tables.AnnounceState before =
                    states.computeIfAbsent(
                            partition,
                            p ->
                                    announceStates.computeIfAbsent(
                                            p,
                                            q -> tables.announceState(q.topic(), q.partition())));
            int state = before.state();
            // Delivered again after its state was saved (a rewind, a retried batch): done before.
            boolean again = record.originalKafkaOffset() <= before.announcedAt();
            ItemChange announced = null;
            boolean rows = false;
            try {
                if (isAnnouncement(record)) {
                    announced = mapper.prepare(record);
                } else {
                    List<ItemChange> read = mapper.read(record);
                    changes.addAll(read);
                    rows = !read.isEmpty();
                }
            } catch (RuntimeException e) {
                reject(record, e);
            }
            if (announced != null) {
                // Before any row of its table: created and prepared, empty or not. Outside the
                // try: DynamoDB's errors are the environment's, never the record's.
                tables.ready(announced);
                if (again) {
                    continue;
                }
                if (LoadRestarts.restarts(state) && tables.emptiesOnReload()) {
                    // What the unfinished load wrote goes, in order, as a truncate takes it.
                    changes.add(ItemChange.truncate(record, announced.table()));
                } else if (LoadRestarts.restarts(state)) {
                    LOG.warn(
                            "The load of {} starts over; with target.table.prep.mode=DO_NOTHING"
                                    + " the items its earlier attempt wrote stay, also those the"
                                    + " source has deleted since",
                            announced.table());
                }
                states.put(
                        partition,
                        new Tables.AnnounceState(
                                LoadRestarts.afterAnnouncement(state),
                                record.originalKafkaOffset()));
            } else if (rows) {
                states.put(
                        partition,
                        new Tables.AnnounceState(LoadRestarts.ROWS, before.announcedAt()));
            }
        }
        // A truncate splits the batch: what came before it is written, then emptied.
        List<ItemChange> run = new ArrayList<>();
        for (ItemChange change : changes) {
            if (change.isTruncate()) {
                write(run);
                run = new ArrayList<>();
                if (parallel != null) {
                    parallel.drain();
                }
                tables.empty(change.table());
            } else {
                run.add(change);
            }
        }
        write(run);
        // Saved once what came before is written (ahead of the offsets, which is harmless: a
        // redelivered announcement may empty its table again, and the rows after it come again).
        states.forEach(
                (partition, state) -> {
                    if (!state.equals(announceStates.get(partition))) {
                        tables.saveAnnounceState(partition.topic(), partition.partition(), state);
                        announceStates.put(partition, state);
                    }
                });
    }

    private static boolean isAnnouncement(SinkRecord record) {
        return record.value() != null
                && io.ferry.common.DebeziumEnvelope.isEnvelope(record.value())
                && io.ferry.common.DebeziumEnvelope.operation(record.value())
                        == io.ferry.common.Operation.PREPARE;
    }

    /**
     * Puts that do not carry every attribute are completed first: from the key's earlier put in
     * these changes, else from the item as DynamoDB has it once everything before it is written.
     */
    private void write(List<ItemChange> changes) {
        List<ItemChange> ready = new ArrayList<>();
        Map<List<Object>, ItemChange> latest = new HashMap<>();
        for (ItemChange change : changes) {
            ItemChange whole = change;
            if (!change.unavailable().isEmpty()) {
                ItemChange earlier = latest.get(ItemWriter.identity(change));
                if (earlier != null && !earlier.isDelete()) {
                    whole = change.completedFrom(earlier.item());
                } else {
                    writeWhole(ready);
                    ready = new ArrayList<>();
                    if (parallel != null) {
                        parallel.drain();
                    }
                    whole = fromTable(change);
                    if (whole == null) {
                        continue;
                    }
                }
            }
            latest.put(ItemWriter.identity(whole), whole);
            ready.add(whole);
        }
        writeWhole(ready);
    }

    /** The put completed from the item DynamoDB holds; null (rejected) when there is none. */
    private ItemChange fromTable(ItemChange change) {
        tables.ready(change);
        Map<String, AttributeValue> current =
                dynamo.getItem(
                                b ->
                                        b.tableName(change.table())
                                                .key(change.key())
                                                .consistentRead(true))
                        .item();
        if (current == null || current.isEmpty()) {
            reject(
                    change.record(),
                    new DataException(
                            "no item in "
                                    + change.table()
                                    + " has key "
                                    + change.key()
                                    + ", and the change does not carry "
                                    + change.unavailable()
                                    + " (unchanged in the source log): it cannot be written whole"));
            return null;
        }
        return change.completedFrom(current);
    }

    private void writeWhole(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            tables.ready(change);
        }
        if (conditional.needed(changes)) {
            // One at a time and in order; earlier parallel writes first, for per-key order.
            if (parallel != null) {
                parallel.drain();
            }
            conditional.write(changes);
        } else if (parallel != null) {
            parallel.write(changes);
        } else {
            writer.write(changes);
        }
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Offsets commit after this: every queued write must be in DynamoDB first.
        if (parallel != null) {
            parallel.drain();
        }
    }

    /** Never a failed batch's offsets ({@link FailedBatch}) nor past a DLQ report in flight. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        flush(currentOffsets);
        if (!deferred.awaitReported()) {
            return Map.of();
        }
        return failedBatch.committable(currentOffsets);
    }

    /** Writes skipped because their condition failed: older than the item, or DMS's condition. */
    long skippedWrites() {
        return conditional.skipped();
    }

    /** Tombstones the ordering guard dropped because their delete event came just before. */
    long coveredTombstones() {
        return conditional.coveredTombstones();
    }

    /** On the task's thread: the report is awaited before offsets commit. */
    private void reject(SinkRecord record, RuntimeException error) {
        deferred.reported(report(record, error));
    }

    private Future<Void> report(SinkRecord record, RuntimeException error) {
        return SinkTasks.reject(context, config.toleratesErrors(), record, error);
    }

    /** Another task may own these next: what it saves about them is read again. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(announceStates::remove);
        failedBatch.closed(partitions);
    }

    @Override
    public void stop() {
        if (parallel != null) {
            parallel.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
