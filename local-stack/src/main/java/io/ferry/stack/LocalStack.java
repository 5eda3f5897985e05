package io.ferry.stack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Kafka node (broker and controller, KRaft) and one distributed Connect worker in this JVM,
 * from Kafka's production classes, with everything under one data directory: the broker's log
 * (topics, Connect's configs, offsets and statuses) survives a restart, so a stopped run resumes.
 *
 * <p>Arguments: {@code DATA_DIR KAFKA_PORT CONTROLLER_PORT CONNECT_PORT PLUGIN_PATH ALLOWED_PATHS}
 * (the directories {@code ${file:...}} references may read, comma-separated). Every listener is on
 * loopback. Prints {@code ferry-stack ready} once the worker's REST API is up; stops both on
 * SIGTERM, and, with {@code -Dferry.stack.exit-with-parent=true}, when its standard input closes
 * (the process that started it died, even by SIGKILL).
 */
public final class LocalStack {
    static final String READY = "ferry-stack ready";

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: LocalStack DATA_DIR KAFKA_PORT CONTROLLER_PORT CONNECT_PORT"
                            + " PLUGIN_PATH ALLOWED_PATHS");
            System.exit(2);
        }
        try {
            run(args);
        } catch (Throwable e) {
            // The JMX registry and Kafka's threads would keep a half-started stack alive.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Integer jmxPort = Integer.getInteger("ferry.stack.jmx.port");
        if (jmxPort != null) {
            startJmxOnLoopback(jmxPort);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        int kafkaPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        int connectPort = Integer.parseInt(args[3]);

        Path logDir = data.resolve("kafka");
        Properties broker = brokerProps(logDir, kafkaPort, controllerPort);
        KafkaConfig config = KafkaConfig.fromProps(broker);
        formatOnce(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        // From here on the broker stops with the JVM, also if the worker never starts.
        AtomicReference<Connect<?>> worker = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    // Connect's own shutdown hook stops the worker; a second
                                    // stop() would return at once and release awaitStop(), and
                                    // the broker would go while the worker still needs it (each
                                    // stop then waited out Kafka timeouts: 30-45 s).
                                    Connect<?> connect = worker.get();
                                    if (connect != null) {
                                        connect.awaitStop();
                                    }
                                    server.shutdown();
                                    server.awaitShutdown();
                                },
                                "ferry-stack-stop"));

        Connect<?> connect =
                new ConnectDistributed()
                        .startConnect(workerProps(data, kafkaPort, connectPort, args[4], args[5]));
        worker.set(connect);
        System.out.println(READY);
        System.out.flush();
        // Watched from here on: a parent that died while the stack started ends it now.
        if (Boolean.getBoolean("ferry.stack.exit-with-parent")) {
            exitWhenStdinCloses();
        }
        connect.awaitStop();
    }

    /**
     * JMX (the metrics {@code ferry run} and {@code ferry status} show) on one loopback port. The
     * JVM's own agent ({@code com.sun.management.jmxremote.port}) also opens an anonymous port on
     * every interface, with authentication off.
     */
    private static void startJmxOnLoopback(int port) throws IOException {
        RMIServerSocketFactory loopback =
                new RMIServerSocketFactory() {
                    @Override
                    public ServerSocket createServerSocket(int p) throws IOException {
                        return new ServerSocket(p, 0, InetAddress.getLoopbackAddress());
                    }
                };
        LocateRegistry.createRegistry(port, null, loopback);
        String address = "127.0.0.1:" + port;
        JMXConnectorServer server =
                JMXConnectorServerFactory.newJMXConnectorServer(
                        new JMXServiceURL(
                                "service:jmx:rmi://"
                                        + address
                                        + "/jndi/rmi://"
                                        + address
                                        + "/jmxrmi"),
                        Map.of(
                                RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
                                loopback,
                                // a stack that fails to start must not be kept alive by it
                                "jmx.remote.x.daemon",
                                "true"),
                        ManagementFactory.getPlatformMBeanServer());
        server.start();
    }

    /**
     * The parent holds the other end of standard input and never writes: end of input means it is
     * gone, and a stack nobody watches must not go on replicating (nor hold the data directory).
     */
    private static void exitWhenStdinCloses() {
        Thread watcher =
                new Thread(
                        () -> {
                            try {
                                while (System.in.read() >= 0) {
                                    // nothing is ever sent; wait for the end of input
                                }
                            } catch (IOException e) {
                                // a broken pipe is an end too
                            }
                            System.exit(0); // the shutdown hook stops Connect, then Kafka
                        },
                        "ferry-stack-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Properties brokerProps(Path logDir, int kafkaPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        return props;
    }

    /** Formats the log directory on the first run; later runs find it formatted and keep it. */
    private static void formatOnce(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(logDir);
        new Formatter()
                .setPrintStream(System.out)
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private static Map<String, String> workerProps(
            Path data, int kafkaPort, int connectPort, String pluginPath, String allowedPaths)
            throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        props.put("group.id", "ferry-local");
        props.put("listeners", "http://127.0.0.1:" + connectPort);
        props.put("config.storage.topic", "ferry-local-configs");
        props.put("offset.storage.topic", "ferry-local-offsets");
        props.put("status.storage.topic", "ferry-local-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.flush.interval.ms", "5000");
        // KIP-618: a source's records and offsets are written in one Kafka transaction, so a
        // worker stopped or killed at any point does not send changes again; sinks read only
        // committed records.
        props.put("exactly.once.source.support", "enabled");
        props.put("consumer.isolation.level", "read_committed");
        // One worker: after a crash nobody else will come back for its tasks, so the restarted
        // worker takes them at once instead of after the default five minutes.
        props.put("scheduled.rebalance.max.delay.ms", "0");
        // Sinks subscribed by topics.regex see a new table's topic within seconds, not the
        // consumer's default five minutes.
        props.put("consumer.metadata.max.age.ms", "5000");
        props.put("plugin.path", pluginPath);
        // Ferry's plugins and Debezium list themselves in service manifests: no classpath scan.
        props.put("plugin.discovery", "service_load");
        props.put("config.providers", "file");
        props.put(
                "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider");
        // KIP-993: a connector config may read files only in the directories the run's configs
        // name, not any file the worker's user can read.
        props.put("config.providers.file.param.allowed.paths", allowedPaths);
        Files.createDirectories(data);
        return props;
    }
}
