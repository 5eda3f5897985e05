package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every file in {@code config-examples/} passes the worker's {@code config/validate}, with Ferry's
 * plugins loaded from their archives. Only the connection keys are pointed at the local servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "config-examples");
    private static final List<String> CONNECTION_KEYS =
            List.of("database.hostname", "database.port", "database.user", "database.password");
    private EmbeddedConnectCluster connect;

    @BeforeAll
    void start() {
        connect =
                ConnectClusters.start(
                        "config-examples",
                        1,
                        Map.of("plugin.path", ConnectClusters.pluginPath().toString()));
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void everyExampleValidates() throws IOException {
        List<Path> examples = examples();
        assertFalse(examples.isEmpty(), "no examples found in " + EXAMPLES.toAbsolutePath());
        List<String> errors = new ArrayList<>();
        // An empty database: the shared one holds other tests' keyless tables, which the
        // PostgreSQL source rightly refuses to capture (no replica identity).
        LocalServers.postgres()
                .execute(
                        "DROP DATABASE IF EXISTS config_examples",
                        "CREATE DATABASE config_examples");
        for (Path example : examples) {
            Map<String, String> config = localized(read(example));
            config.computeIfPresent("database.dbname", (k, v) -> "config_examples");
            // PUT /connectors/NAME/config takes the name from the URL; here, from the file.
            config.putIfAbsent("name", example.getFileName().toString().replace(".json", ""));
            ConfigInfos result =
                    connect.validateConnectorConfig(config.get("connector.class"), config);
            boolean serverless = noLocalServer(config);
            boolean triedToConnect = false;
            for (ConfigInfo info : result.values()) {
                String key = info.configValue().name();
                for (String error : info.configValue().errors()) {
                    // Without a server of that engine here, only connecting may fail.
                    if (!(serverless && CONNECTION_KEYS.contains(key))) {
                        errors.add(example + ": " + key + ": " + error);
                    }
                    triedToConnect |= CONNECTION_KEYS.contains(key);
                }
            }
            if (serverless && !triedToConnect) {
                errors.add(example + ": Debezium's validation never tried to connect");
            }
        }
        assertEquals(List.of(), errors);
    }

    /**
     * Each walkthrough folder pairs a source with a sink that reads its topics: a topic the source
     * writes for its selected schema ({@code prefix[.database].schema.table}) is one the sink
     * takes.
     */
    @Test
    void walkthroughSinksReadTheirSourcesTopics() throws IOException {
        List<String> unwired = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            folders = list.filter(f -> Files.exists(f.resolve("sink.json"))).sorted().toList();
        }
        assertTrue(folders.size() >= 10, "walkthrough folders: " + folders);
        for (Path folder : folders) {
            Map<String, String> source = read(folder.resolve("source.json"));
            Map<String, String> sink = read(folder.resolve("sink.json"));
            String schema =
                    new ObjectMapper()
                            .readTree(source.get("table.mappings"))
                            .get("rules")
                            .get(0)
                            .get("object-locator")
                            .get("schema-name")
                            .asText();
            String database = source.getOrDefault("database.names", "");
            String topic =
                    source.get("topic.prefix")
                            + (database.isEmpty() ? "" : "." + database)
                            + "."
                            + schema
                            + "."
                            + "vaccine_drive_stats";
            boolean reads =
                    sink.containsKey("topics.regex")
                            ? topic.matches(sink.get("topics.regex"))
                            : List.of(sink.get("topics").split(",")).contains(topic);
            if (!reads) {
                unwired.add(folder.getFileName() + ": " + topic);
            }
        }
        assertEquals(List.of(), unwired);
    }

    /**
     * The worker converter settings: every key is a converter key, and the Apicurio settings
     * round-trip a Debezium-like row through the local registry as given (URL aside).
     */
    @Test
    void workerConverterSettingsWork() throws IOException {
        Path folder = EXAMPLES.resolve("worker");
        for (String file :
                List.of("connect-avro-confluent.properties", "connect-avro-apicurio.properties")) {
            Properties props = new Properties();
            try (var in = Files.newInputStream(folder.resolve(file))) {
                props.load(in);
            }
            for (String key : props.stringPropertyNames()) {
                assertTrue(
                        key.startsWith("key.converter") || key.startsWith("value.converter"),
                        file + ": " + key);
            }
        }
        Properties apicurio = new Properties();
        try (var in = Files.newInputStream(folder.resolve("connect-avro-apicurio.properties"))) {
            apicurio.load(in);
        }
        Map<String, String> config = new HashMap<>();
        for (String key : apicurio.stringPropertyNames()) {
            if (key.startsWith("value.converter.")) {
                config.put(key.substring("value.converter.".length()), apicurio.getProperty(key));
            }
        }
        config.put("apicurio.registry.url", LocalServers.schemaRegistry().url());
        Converter converter = new io.apicurio.registry.utils.converter.AvroConverter<>();
        converter.configure(config, false);
        Schema schema =
                SchemaBuilder.struct()
                        .name("shop.public.orders.Value")
                        .field("id", Schema.INT64_SCHEMA)
                        .field(
                                "amount",
                                Decimal.builder(2)
                                        .parameter("connect.decimal.precision", "12")
                                        .optional()
                                        .build())
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Struct row = new Struct(schema).put("id", 7L).put("amount", new BigDecimal("12.34"));
        byte[] bytes = converter.fromConnectData("shop.public.orders", schema, row);
        SchemaAndValue back = converter.toConnectData("shop.public.orders", bytes);
        assertEquals(row, back.value());
        assertEquals(
                "12",
                back.schema()
                        .field("amount")
                        .schema()
                        .parameters()
                        .get("connect.decimal.precision"));
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Map<String, String> read(Path example) throws IOException {
        return new ObjectMapper().readValue(example.toFile(), new TypeReference<>() {});
    }

    private static boolean noLocalServer(Map<String, String> config) {
        String engine = config.getOrDefault("source.engine", "");
        return engine.equals("sqlserver") || engine.equals("oracle");
    }

    // Examples name their compose hosts and secrets; validation connects to the real local server.
    private static Map<String, String> localized(Map<String, String> example) {
        Map<String, String> config = new HashMap<>(example);
        String engine = config.getOrDefault("source.engine", "");
        if (config.get("connector.class").contains("postgresql") || engine.equals("postgres")) {
            LocalDatabase pg = LocalServers.postgres();
            config.put("database.hostname", pg.host());
            config.put("database.port", Integer.toString(pg.port()));
            config.put("database.user", LocalDatabase.USER);
            config.put("database.password", LocalDatabase.PASSWORD);
            config.put("database.dbname", LocalDatabase.DATABASE);
        }
        if (engine.equals("mysql") || engine.equals("mariadb")) {
            // MariaDB stands in for MySQL here: the MySQL connector's checks pass against it.
            LocalDatabase mariadb = LocalServers.mariadb();
            config.put("database.hostname", mariadb.host());
            config.put("database.port", Integer.toString(mariadb.port()));
            config.put("database.user", LocalDatabase.USER);
            config.put("database.password", LocalDatabase.PASSWORD);
        }
        if (noLocalServer(config)) {
            // Nothing listens there: validation gets as far as trying to connect.
            config.put("database.hostname", "127.0.0.1");
            config.put("database.port", "9");
            config.put("database.password", "unused");
        }
        if (config.get("connector.class").contains("JdbcSink")) {
            // Validation connects as the tasks will: to the local server of the URL's engine.
            String url = config.get("connection.url");
            LocalDatabase target =
                    url.startsWith("jdbc:postgresql:")
                            ? LocalServers.postgres()
                            : LocalServers.mariadb();
            config.put(
                    "connection.url",
                    url.replaceFirst(
                            "^(jdbc:[a-z]+://)[^/]+/[^?]*",
                            "$1"
                                    + target.host()
                                    + ":"
                                    + target.port()
                                    + "/"
                                    + LocalDatabase.DATABASE));
            config.put("connection.user", LocalDatabase.USER);
            config.put("connection.password", LocalDatabase.PASSWORD);
        }
        if (config.get("connector.class").contains("S3Sink")) {
            // Never AWS: the bucket check in validation goes to the local S3 server.
            LocalS3 s3 = LocalServers.s3();
            config.put("s3.endpoint.url", s3.endpoint().toString());
            config.put("s3.path.style.access", "true");
            config.put("aws.access.key.id", LocalS3.ACCESS_KEY);
            config.put("aws.secret.access.key", LocalS3.SECRET_KEY);
            if (!s3.client().listBuckets().buckets().stream()
                    .anyMatch(b -> b.name().equals(config.get("bucket.name")))) {
                s3.client().createBucket(b -> b.bucket(config.get("bucket.name")));
            }
        }
        return config;
    }
}
