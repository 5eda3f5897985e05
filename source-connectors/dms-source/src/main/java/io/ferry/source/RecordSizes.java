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
 * values, the larger image of an envelope), so a row that fails here could never have been written.
 */
final class RecordSizes {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(RecordSizes.class);
    static final String MAX_REQUEST_SIZE = "producer.override.max.request.size";

    private final long maxBytes;
    private final boolean given;
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    RecordSizes(Map<String, String> props) {
        String value = props.get(MAX_REQUEST_SIZE);
        this.given = value != null && !value.isBlank();
        this.maxBytes = given ? Long.parseLong(value.trim()) : LobLimits.KAFKA_DEFAULT_BYTES;
    }

    /**
     * Fails a row over {@code producer.override.max.request.size}. Without that key the worker's
     * own producer setting (unknown here) decides: a row over Kafka's default is then logged,
     * naming table and key, once per table, and the producer has the last word.
     */
    void check(SourceRecord record) {
        long size = atLeast(record.key()) + atLeastOfEnvelope(record.value());
        if (size <= maxBytes) {
            return;
        }
        String table =
                DebeziumEnvelope.sourceTable(record.value()).map(Object::toString).orElse("?");
        String problem =
                "The row of "
                        + table
                        + " with key "
                        + record.key()
                        + " is at least "
                        + size
                        + " bytes, over the producer's max.request.size ("
                        + maxBytes
                        + (given ? "" : ", Kafka's default")
                        + "): Kafka would refuse it. Raise "
                        + MAX_REQUEST_SIZE
                        + " and the topic's max.message.bytes (topic.creation.default."
                        + "max.message.bytes) above it, or cut LOBs with "
                        + DmsSourceConfig.LIMITED_LOB_MODE
                        + "=true and "
                        + DmsSourceConfig.LOB_MAX_SIZE;
        if (given) {
            throw new ConnectException(problem);
        }
        if (warned.add(table)) {
            LOG.warn("{} (unless this worker's producer.max.request.size is higher)", problem);
        }
    }

    /**
     * An envelope counts its larger image only (a transform after the source may keep one of them),
     * plus its other fields; any other value counts whole.
     */
    static long atLeastOfEnvelope(Object value) {
        if (!(value instanceof Struct struct) || !DebeziumEnvelope.isEnvelope(struct.schema())) {
            return atLeast(value);
        }
        long images = 0;
        long rest = 0;
        for (Field field : struct.schema().fields()) {
            long size = atLeast(struct.get(field));
            if (field.name().equals(DebeziumEnvelope.BEFORE)
                    || field.name().equals(DebeziumEnvelope.AFTER)) {
                images = Math.max(images, size);
            } else {
                rest += size;
            }
        }
        return images + rest;
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
