package io.ferry.source;

import io.ferry.common.DebeziumEnvelope;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Fails a row Kafka would refuse, naming its table and key. A record over the producer's {@code
 * max.request.size} otherwise fails the task with no table named, or, under {@code
 * errors.tolerance=all}, is dropped. The size checked is a lower bound (characters and bytes of the
 * values), so a row that fails here could never have been written.
 */
final class RecordSizes {
    static final String MAX_REQUEST_SIZE = "producer.override.max.request.size";

    private final long maxBytes;

    RecordSizes(Map<String, String> props) {
        String given = props.get(MAX_REQUEST_SIZE);
        this.maxBytes =
                given == null || given.isBlank()
                        ? LobLimits.KAFKA_DEFAULT_BYTES
                        : Long.parseLong(given.trim());
    }

    void check(SourceRecord record) {
        long size = atLeast(record.key()) + atLeast(record.value());
        if (size <= maxBytes) {
            return;
        }
        String table =
                DebeziumEnvelope.sourceTable(record.value()).map(Object::toString).orElse("?");
        throw new ConnectException(
                "The row of "
                        + table
                        + " with key "
                        + record.key()
                        + " is at least "
                        + size
                        + " bytes, over the producer's max.request.size ("
                        + maxBytes
                        + "): Kafka would refuse it. Raise "
                        + MAX_REQUEST_SIZE
                        + " and the topic's max.message.bytes (topic.creation.default."
                        + "max.message.bytes) above it, or cut LOBs with "
                        + DmsSourceConfig.LIMITED_LOB_MODE
                        + "=true and "
                        + DmsSourceConfig.LOB_MAX_SIZE);
    }

    /** Characters of text and bytes of binary values: never more than a converter writes. */
    static long atLeast(Object value) {
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof Struct struct) {
            long size = 0;
            for (Field field : struct.schema().fields()) {
                size += atLeast(struct.get(field));
            }
            return size;
        }
        if (value instanceof Collection<?> items) {
            long size = 0;
            for (Object item : items) {
                size += atLeast(item);
            }
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            long size = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += atLeast(entry.getKey()) + atLeast(entry.getValue());
            }
            return size;
        }
        return 0;
    }
}
