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
class RevokedBatchesTest {
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

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long orders, long items) {
        return Map.of(ORDERS, new OffsetAndMetadata(orders), ITEMS, new OffsetAndMetadata(items));
    }

    @Test
    void connectsOffsetsAreCommittedWhenNoFailedBatchWasRevoked() {
        RevokedBatches revoked = new RevokedBatches();
        revoked.written(List.of(record(ORDERS, 4)));
        // items' records all dropped by a transform: never put, still committed as offered.
        assertEquals(offsets(5, 9), revoked.committable(offsets(5, 9)));
        revoked.failed(List.of(record(ORDERS, 5)));
        revoked.written(List.of(record(ORDERS, 5)));
        revoked.closed(List.of(ORDERS, ITEMS));
        assertEquals(offsets(6, 9), revoked.committable(offsets(6, 9)));
    }

    @Test
    void aPartitionRevokedWhileItsBatchFailedIsLeftOutUntilItsRecordsAreWritten() {
        RevokedBatches revoked = new RevokedBatches();
        revoked.written(List.of(record(ORDERS, 4), record(ITEMS, 8)));
        revoked.failed(List.of(record(ORDERS, 5), record(ORDERS, 6)));
        revoked.closed(List.of(ORDERS, ITEMS));
        // Given back; an empty put succeeds, and Connect offers the failed batch's offsets.
        revoked.written(List.of());
        assertEquals(Map.of(ITEMS, new OffsetAndMetadata(9)), revoked.committable(offsets(7, 9)));
        revoked.failed(List.of(record(ORDERS, 5)));
        assertEquals(Map.of(ITEMS, new OffsetAndMetadata(9)), revoked.committable(offsets(7, 9)));
        revoked.written(List.of(record(ORDERS, 5), record(ORDERS, 6)));
        assertEquals(offsets(7, 9), revoked.committable(offsets(7, 9)));
    }
}
