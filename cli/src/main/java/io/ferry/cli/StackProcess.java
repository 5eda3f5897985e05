package io.ferry.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The local Kafka + Connect stack ({@code io.ferry.stack.LocalStack}) in a JVM of its own, so the
 * worker's classpath is Kafka's alone and Ferry's plugins load through {@code plugin.path} as on a
 * real cluster. Its data and log live in one directory; closing it stops the stack cleanly.
 */
final class StackProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** What {@code LocalStack} prints once its worker serves. */
    private static final String READY = "ferry-stack ready";

    private final Process process;
    private final StackDataDir data;
    private final int connectPort;
    private final int kafkaPort;
    private final int jmxPort;
    private final Path log;
    private JMXConnector jmx;

    private StackProcess(
            Process process,
            StackDataDir data,
            int connectPort,
            int kafkaPort,
            int jmxPort,
            Path log) {
        this.process = process;
        this.data = data;
        this.connectPort = connectPort;
        this.kafkaPort = kafkaPort;
        this.jmxPort = jmxPort;
        this.log = log;
    }

    /**
     * Starts the stack on free loopback ports (the REST port may be fixed, and must be free) and
     * waits until its own worker serves; {@code fileProviderPaths} are what connector configs may
     * read through {@code ${file:...}}. The stack owns {@code data} from here on and lets it go
     * when closed.
     */
    static StackProcess start(
            FerryHome home, StackDataDir data, int connectPort, List<Path> fileProviderPaths)
            throws IOException {
        Path dataDir = data.path();
        int kafkaPort = freePort();
        int controllerPort = freePort();
        int jmxPort = freePort();
        int restPort = connectPort > 0 ? requireFree(connectPort) : freePort();
        Path log = dataDir.resolve("stack.log").toAbsolutePath();
        String pluginPath =
                home.pluginPath().stream().map(Path::toString).collect(Collectors.joining(","));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.add("-Dferry.stack.log=" + log);
        command.add("-Dferry.stack.exit-with-parent=true");
        command.add("-Dferry.stack.jmx.port=" + jmxPort);
        command.add("-Djava.rmi.server.hostname=127.0.0.1");
        command.add("-cp");
        command.add(home.stackClasspath());
        command.add("io.ferry.stack.LocalStack");
        command.add(dataDir.toAbsolutePath().toString());
        command.add(Integer.toString(kafkaPort));
        command.add(Integer.toString(controllerPort));
        command.add(Integer.toString(restPort));
        command.add(pluginPath);
        command.add(
                fileProviderPaths.stream().map(Path::toString).collect(Collectors.joining(",")));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.PIPE)
                        .start();
        StackProcess stack = new StackProcess(process, data, restPort, kafkaPort, jmxPort, log);
        stack.awaitReady(dataDir.resolve("stack.out"), clusterIdFile(dataDir));
        return stack;
    }

    /**
     * Copies the stack's console to a file from the start (a full pipe would block it) and waits,
     * up to the deadline, for the stack's own word that its worker serves: the port is then bound
     * by this child for as long as it lives, so nothing else can answer there. The worker that
     * answers is checked too: its Kafka cluster is the one formatted in this data directory.
     */
    private void awaitReady(Path console, Path clusterIdFile) throws IOException {
        Deque<String> tail = new ArrayDeque<>();
        CountDownLatch ready = new CountDownLatch(1);
        drain(console, tail, ready);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try {
            while (process.isAlive() && !ready.await(200, TimeUnit.MILLISECONDS)) {
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new IOException(
                            "Kafka and Connect did not start in " + START_TIMEOUT + "; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while Kafka and Connect started", e);
        }
        if (!process.isAlive()) {
            close();
            synchronized (tail) {
                throw new IOException(
                        "Kafka and Connect stopped while starting (see "
                                + log
                                + "):\n"
                                + String.join("\n", tail));
            }
        }
        try {
            checkOwnWorker(new ConnectClient(restUrl()), clusterId(clusterIdFile), connectPort);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Refuses the worker answering on the port unless its Kafka cluster is {@code ours}: a run must
     * never deploy its connectors (and their passwords) into a cluster it did not start.
     */
    static void checkOwnWorker(ConnectClient answering, String ours, int port) throws IOException {
        Optional<String> cluster = answering.kafkaClusterId();
        if (cluster.isEmpty() || !cluster.get().equals(ours)) {
            throw new IOException(
                    "another Connect worker (Kafka cluster "
                            + cluster.orElse("unknown")
                            + ") answers on port "
                            + port
                            + ", not the one this run started: stop it or choose another"
                            + " --connect-port");
        }
    }

    /** The console to a file, keeping its last lines for an error message; notes the ready line. */
    private void drain(Path console, Deque<String> tail, CountDownLatch ready) throws IOException {
        BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(console, StandardCharsets.UTF_8);
        Thread thread =
                new Thread(
                        () -> {
                            try (reader;
                                    out) {
                                String line;
                                while ((line = reader.readLine()) != null) {
                                    if (line.equals(READY)) {
                                        ready.countDown();
                                    }
                                    out.write(line);
                                    out.newLine();
                                    out.flush();
                                    synchronized (tail) {
                                        tail.addLast(line);
                                        if (tail.size() > 20) {
                                            tail.removeFirst();
                                        }
                                    }
                                }
                            } catch (IOException e) {
                                // the pipe closes when the stack exits: nothing more to copy
                            }
                        },
                        "ferry-stack-console");
        thread.setDaemon(true);
        thread.start();
    }

    URI restUrl() {
        return URI.create("http://127.0.0.1:" + connectPort);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The worker's JMX, for {@code ferry status --jmx-url}. */
    String jmxUrl() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi";
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The worker's metrics, over JMX on loopback; the connection is kept and reused. */
    synchronized MBeanServerConnection metrics() throws IOException {
        if (jmx == null) {
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl()));
        }
        return jmx.getMBeanServerConnection();
    }

    @Override
    public synchronized void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // the stack is going away anyway
        }
        process.destroy(); // SIGTERM: the stack's shutdown hook stops Connect, then Kafka
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            data.close();
        } catch (IOException e) {
            // the lock goes with this process anyway
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A port another process listens on is named before anything starts. */
    private static int requireFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (BindException e) {
            throw new IOException(
                    "port "
                            + port
                            + " is in use (another ferry run or Connect worker?): stop it or"
                            + " choose another --connect-port",
                    e);
        }
    }

    private static Path clusterIdFile(Path dataDir) {
        return dataDir.resolve("kafka").resolve("meta.properties");
    }

    /**
     * The cluster id this data directory's Kafka was formatted with; empty before it is formatted
     * (a worker answering then is not this stack's: it starts after the format).
     */
    private static String clusterId(Path metaProperties) throws IOException {
        if (!Files.exists(metaProperties)) {
            return "";
        }
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id", "");
    }
}
