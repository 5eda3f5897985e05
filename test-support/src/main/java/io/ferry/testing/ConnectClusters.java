package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Kafka (KRaft) and a distributed Connect cluster in this JVM, through Kafka's own {@link
 * EmbeddedConnectCluster}. Workers find plugins with {@code plugin.discovery=service_load} (the
 * classpath scan of the test jars costs seconds and gigabytes), so every plugin needs its {@code
 * META-INF/services} entry, as in production.
 */
public final class ConnectClusters {
    /** System property, set by the build, naming the directory of unpacked Ferry plugins. */
    public static final String PLUGIN_PATH_PROPERTY = "ferry.plugin.path";

    /** The transaction log on one broker, which exactly-once sources write through. */
    public static final Map<String, String> EXACTLY_ONCE_BROKER =
            Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1");

    private ConnectClusters() {}

    /** A started cluster of one broker and {@code workers} workers; the caller stops it. */
    public static EmbeddedConnectCluster start(
            String name, int workers, Map<String, String> extra) {
        return start(name, workers, extra, Map.of());
    }

    /**
     * A started cluster whose broker also takes {@code brokerExtra}; with {@link
     * #EXACTLY_ONCE_BROKER} the workers can run exactly-once sources on the one broker.
     */
    public static EmbeddedConnectCluster start(
            String name, int workers, Map<String, String> extra, Map<String, String> brokerExtra) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.putAll(extra);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "true");
        brokerProps.putAll(brokerExtra);
        EmbeddedConnectCluster cluster =
                new EmbeddedConnectCluster.Builder()
                        .name(name)
                        .numWorkers(workers)
                        .workerProps(workerProps)
                        .brokerProps(brokerProps)
                        .build();
        cluster.start();
        return cluster;
    }

    /** One worker, plugins from the classpath only. */
    public static EmbeddedConnectCluster start(String name) {
        return start(name, 1, Map.of());
    }

    /**
     * The directory holding Ferry's plugins unpacked from their archives, for {@code plugin.path}.
     * Fails when the build did not provide it, since such a test would prove nothing.
     */
    public static Path pluginPath() {
        String value = System.getProperty(PLUGIN_PATH_PROPERTY);
        if (value == null) {
            throw new IllegalStateException(
                    "system property "
                            + PLUGIN_PATH_PROPERTY
                            + " is not set: run the integration tests through Maven (verify)");
        }
        Path path = Paths.get(value);
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.findAny().isEmpty()) {
                throw new IllegalStateException("no plugins unpacked in " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin path " + path, e);
        }
        return path;
    }
}
