package io.ferry.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.WorkerJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Runs one connector until its target holds what it must, and measures it: by default in a Connect
 * worker JVM of its own, started as {@code connect-distributed.sh} starts one (Kafka's default 2 GB
 * heap), as users run a plugin — so its heap, resident memory and CPU are its own. With {@code
 * -Dferry.worker=in-process} it runs in the loader's in-process worker instead (heap and CPU then
 * are not measured).
 */
final class ConnectorRuns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_MS = 60 * 60 * 1000L;

    /** What one run measured; heap, RSS and CPU are -1 in process. */
    record Measured(
            double seconds, long peakHeapMb, long liveHeapMb, long peakRssMb, double cpuSeconds) {
        /** CPU seconds per million units of work (rows, changes). */
        double cpuPerMillion(long units) {
            return cpuSeconds < 0 ? -1 : cpuSeconds * 1e6 / units;
        }

        String resources(long units) {
            return cpuSeconds < 0
                    ? "(in process)"
                    : String.format(
                            "heap peak %,d MB (after GC at most %,d MB), peak RSS %,d MB,"
                                    + " CPU %.1f s/M",
                            peakHeapMb, liveHeapMb, peakRssMb, cpuPerMillion(units));
        }
    }

    private final EmbeddedConnectCluster connect;
    private final Map<String, String> workerProps;
    private final boolean ownJvm;
    private final Path dir;

    /**
     * @param connect the loader's cluster: its broker serves every worker
     * @param workerProps the worker settings (converters, plugin.path, override policy)
     */
    ConnectorRuns(EmbeddedConnectCluster connect, Map<String, String> workerProps)
            throws IOException {
        this.connect = connect;
        this.workerProps = workerProps;
        this.ownJvm = !System.getProperty("ferry.worker", "own-jvm").equals("in-process");
        this.dir = Files.createTempDirectory("ferry-load-workers");
    }

    String where() {
        return ownJvm
                ? "each connector in a worker JVM of its own (-Xms256M -Xmx2G, G1, as"
                        + " connect-distributed.sh), workers' files in "
                        + dir
                : "the loader's in-process worker";
    }

    /** Creates the connector, waits until {@code progress} reaches {@code goal}, deletes it. */
    Measured run(String name, Map<String, String> config, LongSupplier progress, long goal)
            throws Exception {
        if (!ownJvm) {
            long start = System.nanoTime();
            connect.configureConnector(name, config);
            await(name, progress, goal);
            double seconds = (System.nanoTime() - start) / 1e9;
            connect.deleteConnector(name);
            return new Measured(seconds, -1, -1, -1, -1);
        }
        Properties props = new Properties();
        props.putAll(workerProps);
        props.put("bootstrap.servers", connect.kafka().bootstrapServers());
        props.put("group.id", "load-" + name);
        props.put("config.storage.topic", "load-" + name + "-configs");
        props.put("offset.storage.topic", "load-" + name + "-offsets");
        props.put("status.storage.topic", "load-" + name + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        // -Dferry.worker.jvm.options="-XX:StartFlightRecording=filename=w.jfr" to profile a worker.
        String options = System.getProperty("ferry.worker.jvm.options", "").trim();
        WorkerJvm worker =
                WorkerJvm.start(
                        dir,
                        name,
                        props,
                        options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
        try {
            worker.awaitServing(Duration.ofMinutes(3));
            double cpuBefore = worker.cpuSeconds();
            long start = System.nanoTime();
            var reply =
                    worker.call(
                            "PUT",
                            "/connectors/" + name + "/config",
                            JSON.writeValueAsString(new HashMap<>(config)));
            if (reply.statusCode() >= 300) {
                throw new IllegalStateException(name + ": " + reply.body());
            }
            await(name, progress, goal);
            double seconds = (System.nanoTime() - start) / 1e9;
            Measured measured =
                    new Measured(
                            seconds,
                            worker.peakHeapMb(),
                            worker.liveHeapMb(),
                            worker.peakRssMb(),
                            worker.cpuSeconds() - cpuBefore);
            worker.call("DELETE", "/connectors/" + name, null);
            return measured;
        } finally {
            worker.stop();
        }
    }

    /** Polls {@code progress} until it reaches {@code goal}, or fails after an hour. */
    private static void await(String name, LongSupplier progress, long goal)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (progress.getAsLong() < goal) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + ": no progress to " + goal);
            }
            Thread.sleep(200);
        }
    }
}
