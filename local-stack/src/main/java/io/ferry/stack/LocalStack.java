package io.ferry.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * <p>Arguments: {@code DATA_DIR KAFKA_PORT CONTROLLER_PORT CONNECT_PORT PLUGIN_PATH}. Prints {@code
 * ferry-stack ready} once the worker's REST API is up; stops both on SIGTERM.
 */
public final class LocalStack {
    static final String READY = "ferry-stack ready";

    private LocalStack() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: LocalStack DATA_DIR KAFKA_PORT CONTROLLER_PORT CONNECT_PORT"
                            + " PLUGIN_PATH");
            System.exit(2);
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

        Connect<?> connect =
                new ConnectDistributed()
                        .startConnect(workerProps(data, kafkaPort, connectPort, args[4]));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    connect.stop();
                                    connect.awaitStop();
                                    server.shutdown();
                                    server.awaitShutdown();
                                },
                                "ferry-stack-stop"));
        System.out.println(READY);
        System.out.flush();
        connect.awaitStop();
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
            Path data, int kafkaPort, int connectPort, String pluginPath) throws IOException {
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
        Files.createDirectories(data);
        return props;
    }
}
