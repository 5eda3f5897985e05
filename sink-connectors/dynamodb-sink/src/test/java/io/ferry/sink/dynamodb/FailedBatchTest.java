package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Connect's calls around a rebalance during an outage, as WorkerSinkTask (4.1) makes them. */
class FailedBatchTest {
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final TopicPartition ITEMS = new TopicPartition("items", 0);

    private static SinkRecord record(TopicPartition partition, long offset) {
        return new SinkRecord(
                partition.topic(),
                partition.partition(),
                null,
                null,
                Schema.STRING_SCHEMA,
                "v",
                offset);
    }

    /** As a renaming transform leaves it: the topic Connect drops revoked records by. */
    private static SinkRecord renamed(SinkRecord record) {
        return record.newRecord(
                "renamed",
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.timestamp());
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long orders, long items) {
        return Map.of(ORDERS, new OffsetAndMetadata(orders), ITEMS, new OffsetAndMetadata(items));
    }

    @Test
    void connectsOffsetsAreCommittedWhenNoFailedBatchWasRevoked() {
        FailedBatch batch = new FailedBatch();
        batch.succeeded(List.of(record(ORDERS, 4)));
        // items' records all dropped by a transform: never put, still committed as offered.
        assertEquals(offsets(5, 9), batch.committable(offsets(5, 9)));
        List<SinkRecord> failed = List.of(record(ORDERS, 5));
        batch.failed(failed);
        assertEquals(failed, batch.writable(failed));
        batch.succeeded(failed);
        batch.closed(List.of(ORDERS, ITEMS));
        assertEquals(offsets(6, 9), batch.committable(offsets(6, 9)));
    }

    @Test
    void aPartitionRevokedWhileItsBatchFailedIsLeftOutUntilRecordsReadAfreshAreWritten() {
        FailedBatch batch = new FailedBatch();
        batch.succeeded(List.of(record(ORDERS, 4), record(ITEMS, 8)));
        batch.failed(List.of(record(ORDERS, 5), record(ORDERS, 6)));
        batch.closed(List.of(ORDERS, ITEMS));
        // Given back; an empty put succeeds, and Connect offers the failed batch's offsets.
        batch.succeeded(List.of());
        assertEquals(Map.of(ITEMS, new OffsetAndMetadata(9)), batch.committable(offsets(7, 9)));
        batch.failed(List.of(record(ORDERS, 5)));
        assertEquals(Map.of(ITEMS, new OffsetAndMetadata(9)), batch.committable(offsets(7, 9)));
        batch.succeeded(List.of(record(ORDERS, 5), record(ORDERS, 6)));
        assertEquals(offsets(7, 9), batch.committable(offsets(7, 9)));
    }

    @Test
    void recordsReadAfreshForAPartitionClosedWhileItsBatchFailedAreWritten() {
        FailedBatch batch = new FailedBatch();
        batch.failed(List.of(record(ORDERS, 5)));
        batch.closed(List.of(ORDERS));
        // Not renamed: Connect dropped the held record and reads the partition again.
        SinkRecord again = record(ORDERS, 5);
        assertEquals(List.of(again), batch.writable(List.of(again)));
    }

    @Test
    void aRenamedRecordConnectHeldAcrossItsPartitionsRevocationIsNotWritten() {
        FailedBatch batch = new FailedBatch();
        SinkRecord held = renamed(record(ORDERS, 5));
        SinkRecord other = renamed(record(ITEMS, 8));
        batch.failed(List.of(held, other));
        batch.closed(List.of(ORDERS));
        // Connect delivers the renamed records again, the revoked partition's among them, also
        // once the partition is given back.
        assertEquals(List.of(other), batch.writable(List.of(held, other)));
        batch.failed(List.of(held, other));
        assertEquals(List.of(other), batch.writable(List.of(held, other)));
        // Read afresh after the partition came back: another object, written.
        SinkRecord again = renamed(record(ORDERS, 5));
        batch.succeeded(List.of(other));
        assertEquals(List.of(again), batch.writable(List.of(again)));
        assertEquals(Map.of(ITEMS, new OffsetAndMetadata(9)), batch.committable(offsets(6, 9)));
        batch.succeeded(List.of(again));
        assertEquals(offsets(6, 9), batch.committable(offsets(6, 9)));
    }
}
