package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One distributed Connect worker in a JVM of its own, started as Kafka's {@code
 * connect-distributed.sh} starts it (its heap and G1 options), with this JVM's classpath — so what
 * it uses is measured alone, and it can be stopped (SIGTERM) or killed (SIGKILL) as a real worker.
 *
 * @param port its REST port on loopback
 * @param process the JVM
 * @param log its standard output and error
 * @param gcLog its GC log, which tells the heap it used
 */
public record WorkerJvm(int port, Process process, Path log, Path gcLog) {
    /** connect-distributed.sh's KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS. */
    private static final List<String> KAFKA_JVM_OPTIONS =
            List.of(
                    "-Xms256M",
                    "-Xmx2G",
                    "-server",
                    "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-XX:MaxInlineLevel=15",
                    "-Djava.awt.headless=true");

    /** A G1 log line's heap before and after the collection: "... 812M->95M(1024M) 4.1ms". */
    private static final Pattern HEAP_AT_GC = Pattern.compile(" (\\d+)M->(\\d+)M\\(\\d+M\\)");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Starts a worker with {@code props} (its REST listener added) and JVM options beyond Kafka's,
     * writing its files as {@code dir/name.*}; returns before it serves ({@link #awaitServing}).
     */
    public static WorkerJvm start(Path dir, String name, Properties props, List<String> jvmOptions)
            throws IOException {
        Files.createDirectories(dir);
        int port = FreePorts.next();
        Properties worker = new Properties();
        worker.putAll(props);
        worker.put("listeners", "http://127.0.0.1:" + port);
        worker.put("rest.advertised.host.name", "127.0.0.1");
        worker.put("rest.advertised.port", Integer.toString(port));
        Path config = dir.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            worker.store(out, "Connect worker " + name);
        }
        Path log = dir.resolve(name + ".log");
        Path gcLog = dir.resolve(name + ".gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(KAFKA_JVM_OPTIONS);
        command.add("-Xlog:gc:file=" + gcLog);
        command.addAll(jvmOptions);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.apache.kafka.connect.cli.ConnectDistributed",
                        config.toString()));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        // A JVM that ends before its worker is stopped (a timeout, Ctrl-C) leaves none behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new WorkerJvm(port, process, log, gcLog);
    }

    /** Connect's name for the worker in status replies. */
    public String id() {
        return "127.0.0.1:" + port;
    }

    /** Waits until the REST API answers; fails if the JVM exits or the deadline passes. */
    public void awaitServing(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (status("/connectors") != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + id() + " exited; see " + log);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("worker " + id() + " did not serve; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** The status code of a GET; -1 when the worker does not answer. */
    public int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://" + id() + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A REST call with a JSON body (or none); the reply, whatever its status. */
    public HttpResponse<String> call(String method, String path, String body) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://" + id() + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The most memory the JVM's process held at once (Linux's VmHWM), in MB. */
    public long peakRssMb() {
        return procStatus("VmHWM:") / 1024;
    }

    /** CPU seconds the JVM has used, user and system, all threads. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command's closing parenthesis; utime and stime are 14th and 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most heap in use the GC log shows (the heap before a collection), in MB. */
    public long peakHeapMb() {
        return maxFromGcLog(1);
    }

    /**
     * The most heap a collection left in use, in MB: what the worker held alive, at most (a young
     * collection leaves the old generation's garbage in it too).
     */
    public long liveHeapMb() {
        return maxFromGcLog(2);
    }

    private long maxFromGcLog(int group) {
        try (Stream<String> lines = Files.lines(gcLog)) {
            return lines.mapToLong(
                            line -> {
                                Matcher m = HEAP_AT_GC.matcher(line);
                                return m.find() ? Long.parseLong(m.group(group)) : 0;
                            })
                    .max()
                    .orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long procStatus(String field) {
        try (Stream<String> lines =
                Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(l -> l.startsWith(field))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then waits for Connect's shutdown hook to stop the worker (SIGKILL after 60 s). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
