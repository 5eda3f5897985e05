package io.ferry.sink.jdbc.change;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a buffered record holds on the heap, estimated: its key, value and headers as the converter
 * made them (strings as two bytes a character, each object with its header), and as much again for
 * the bytes it was consumed as, which Connect keeps with each record it delivers (to report it if
 * it fails). Schemas are not counted: the converters share them between records. The consumed bytes
 * can be larger than counted (JSON with schemas repeats the schema in every record, and writes
 * binary values as base64), so the bound this serves is approximate.
 */
public final class RecordBytes {
    private static final long HEADER = 16;
    private static final long REFERENCE = 8;

    private RecordBytes() {}

    public static long estimate(SinkRecord record) {
        long converted = of(record.key()) + of(record.value());
        for (Header header : record.headers()) {
            converted += 2 * HEADER + of(header.key()) + of(header.value());
        }
        // The record itself (topic, partition, offset, timestamp), then what it holds, twice.
        return 64 + 2 * converted;
    }

    static long of(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Struct struct) {
            long bytes = HEADER + HEADER + REFERENCE * struct.schema().fields().size();
            for (Field field : struct.schema().fields()) {
                bytes += of(struct.get(field));
            }
            return bytes;
        }
        if (value instanceof String text) {
            return 2 * HEADER + 4 + 2L * text.length();
        }
        if (value instanceof byte[] bytes) {
            return HEADER + bytes.length;
        }
        if (value instanceof ByteBuffer buffer) {
            return 3 * HEADER + buffer.capacity();
        }
        if (value instanceof BigDecimal decimal) {
            return 3 * HEADER + decimal.unscaledValue().bitLength() / 8 + 8;
        }
        if (value instanceof Collection<?> items) {
            long bytes = 3 * HEADER;
            for (Object item : items) {
                bytes += REFERENCE + of(item);
            }
            return bytes;
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = 4 * HEADER;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += 2 * HEADER + of(entry.getKey()) + of(entry.getValue());
            }
            return bytes;
        }
        return HEADER + 8; // boxed numbers, booleans, dates
    }
}
