package io.ferry.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** What the loaders share: filling a topic before the clock starts, and the JVM's peak heap. */
final class LoadTopics {
    private LoadTopics() {}

    /** Snapshot events ({@code op=r}) of rows 0..rows-1 in a new 1-partition topic; bytes sent. */
    static long snapshot(
            EmbeddedConnectCluster connect, LoadEvents events, String topic, long rows) {
        connect.kafka().createTopic(topic, 1);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(connect)) {
            for (long id = 0; id < rows; id++) {
                byte[] value = events.event(topic, "r", null, events.row(id, 0));
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, events.key(topic, id), value));
            }
        }
        return bytes;
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedConnectCluster connect) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Peak heap of this JVM (worker and broker together) since the last reset, in MB. */
    static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed())
                        .sum()
                / (1 << 20);
    }
}
