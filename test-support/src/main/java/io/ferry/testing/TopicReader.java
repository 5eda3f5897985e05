package io.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Reads a topic back in partition order: as JSON trees (written with Connect's {@code
 * JsonConverter}), or as Connect values through any converter. A tombstone reads as {@code null}.
 */
public final class TopicReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicReader() {}

    /** At least {@code count} values from the start of {@code topic}, waiting up to a minute. */
    public static List<JsonNode> values(EmbeddedConnectCluster connect, String topic, int count) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                connect.kafka().consume(count, 60_000, topic)) {
            values.add(parse(record.value()));
        }
        return values;
    }

    /**
     * At least {@code count} values from the start of {@code topic} as Connect values (a Struct, or
     * null for a tombstone), read with {@code converter}, waiting up to a minute.
     */
    public static List<Object> values(
            EmbeddedConnectCluster connect, String topic, int count, Converter converter) {
        List<Object> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                connect.kafka().consume(count, 60_000, topic)) {
            values.add(converter.toConnectData(topic, record.headers(), record.value()).value());
        }
        return values;
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(bytes), e);
        }
    }
}
