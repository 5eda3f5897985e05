package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong, missing and conflicting keys of every Ferry connector and SMT, through the worker's REST
 * {@code PUT /connector-plugins/{plugin}/config/validate} with the plugins loaded from their
 * archives: each is answered with a message on the key at fault (table-mapping errors name the
 * rule-id), never with an HTTP error, and nothing else is flagged. Each base config validates
 * clean, so an error can only come from the one change a case makes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadConfigIT {
    private static final String DATABASE = "bad_config";
    private static final String BUCKET = "bad-config";
    private static final String SOURCE = "io.ferry.source.DmsSourceConnector";
    private static final String JDBC = "io.ferry.sink.jdbc.JdbcSinkConnector";
    private static final String S3 = "io.ferry.sink.s3.S3SinkConnector";
    private static final String DYNAMODB = "io.ferry.sink.dynamodb.DynamoDbSinkConnector";

    /** The connector the SMT cases are validated on: its base config is valid. */
    private static final String HOST = JDBC;

    private static final String SELECT_ALL =
            "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                    + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"%\"},"
                    + "\"rule-action\":\"include\"}]}";

    /** Listens and never accepts: connections complete in its backlog and hear nothing. */
    private static final ServerSocket SILENT = silentServer();

    private EmbeddedConnectCluster connect;

    private static ServerSocket silentServer() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One change to a valid base config, and the key whose message must say what is wrong. */
    record Case(String name, String plugin, Map<String, String> change, String key, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        LocalServers.postgres()
                .execute("DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
        LocalServers.s3().client().createBucket(b -> b.bucket(BUCKET));
        connect =
                ConnectClusters.start(
                        "bad-config",
                        1,
                        Map.of("plugin.path", ConnectClusters.pluginPath().toString()));
    }

    @AfterAll
    void stop() throws IOException {
        SILENT.close();
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void everyBaseConfigValidatesClean() {
        for (String plugin : List.of(SOURCE, JDBC, S3, DYNAMODB)) {
            assertEquals(Map.of(), errors(plugin, base(plugin)), plugin);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aWrongKeyIsNamedWithWhatIsWrong(Case bad) {
        Map<String, String> config = base(bad.plugin());
        bad.change()
                .forEach(
                        (k, v) -> {
                            if (v == null) {
                                config.remove(k);
                            } else {
                                config.put(k, v);
                            }
                        });
        Map<String, List<String>> errors = errors(bad.plugin(), config);
        assertEquals(List.of(bad.key()), List.copyOf(errors.keySet()), "errors: " + errors);
        String message = String.join(" | ", errors.get(bad.key()));
        assertTrue(
                message.toLowerCase().contains(bad.says().toLowerCase()),
                bad.key() + " says: " + message);
    }

    /** Key to its error messages; an HTTP error fails the test inside the cluster's client. */
    private Map<String, List<String>> errors(String plugin, Map<String, String> config) {
        ConfigInfos result = connect.validateConnectorConfig(plugin, config);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ConfigInfo info : result.values()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        return errors;
    }

    private static Map<String, String> base(String plugin) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "bad-config");
        config.put("connector.class", plugin);
        LocalDatabase pg = LocalServers.postgres();
        switch (plugin) {
            case SOURCE -> {
                config.put("source.engine", "postgres");
                config.put("migration.type", "full-load-and-cdc");
                config.put("table.mappings", SELECT_ALL);
                config.put("database.hostname", pg.host());
                config.put("database.port", Integer.toString(pg.port()));
                config.put("database.user", LocalDatabase.USER);
                config.put("database.password", LocalDatabase.PASSWORD);
                config.put("database.dbname", DATABASE);
                config.put("topic.prefix", "bad");
                config.put("slot.name", "bad_config");
                config.put("publication.name", "bad_config");
            }
            case JDBC -> {
                config.put("topics", "bad.public.t");
                config.put("connection.url", pg.jdbcUrl(DATABASE));
                config.put("connection.user", LocalDatabase.USER);
                config.put("connection.password", LocalDatabase.PASSWORD);
            }
            case S3 -> {
                config.put("topics", "bad.public.t");
                config.put("bucket.name", BUCKET);
                config.put("s3.endpoint.url", LocalServers.s3().endpoint().toString());
                config.put("s3.path.style.access", "true");
                config.put("aws.region", LocalS3.REGION.id());
                config.put("aws.access.key.id", LocalS3.ACCESS_KEY);
                config.put("aws.secret.access.key", LocalS3.SECRET_KEY);
            }
            case DYNAMODB -> {
                config.put("topics", "bad.public.t");
                config.put("dynamodb.endpoint.url", LocalServers.dynamoDb().endpoint().toString());
                config.put("aws.region", "us-east-1");
                config.put("aws.access.key.id", "ferryaccess");
                config.put("aws.secret.access.key", "ferrysecret");
            }
            default -> throw new IllegalArgumentException(plugin);
        }
        return config;
    }

    private static Case source(String name, Map<String, String> change, String key, String says) {
        return new Case("DMS source: " + name, SOURCE, change, key, says);
    }

    private static Case jdbc(String name, Map<String, String> change, String key, String says) {
        return new Case("JDBC sink: " + name, JDBC, change, key, says);
    }

    private static Case s3(String name, Map<String, String> change, String key, String says) {
        return new Case("S3 sink: " + name, S3, change, key, says);
    }

    private static Case dynamo(String name, Map<String, String> change, String key, String says) {
        return new Case("DynamoDB sink: " + name, DYNAMODB, change, key, says);
    }

    /** An SMT (or predicate) on a valid JDBC sink config. */
    private static Case smt(
            String name,
            String alias,
            String type,
            Map<String, String> keys,
            String key,
            String says) {
        Map<String, String> change = new HashMap<>();
        boolean predicate = type.contains(".predicates.");
        String prefix = (predicate ? "predicates." : "transforms.") + alias + ".";
        change.put(predicate ? "predicates" : "transforms", alias);
        change.put(prefix + "type", type);
        keys.forEach((k, v) -> change.put(prefix + k, v));
        return new Case("SMT: " + name, HOST, change, prefix + key, says);
    }

    private static Map<String, String> removed(String key) {
        Map<String, String> change = new HashMap<>();
        change.put(key, null);
        return change;
    }

    private static String rules(String... rules) {
        List<String> all = new ArrayList<>();
        all.add(
                "{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                        + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"%\"},"
                        + "\"rule-action\":\"include\"}");
        all.addAll(List.of(rules));
        return "{\"rules\":[" + String.join(",", all) + "]}";
    }

    private static String transformation(String id, String action, String target, String rest) {
        return "{\"rule-type\":\"transformation\",\"rule-id\":\""
                + id
                + "\",\"rule-name\":\""
                + id
                + "\",\"rule-action\":\""
                + action
                + "\",\"rule-target\":\""
                + target
                + "\",\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"t\""
                + (target.equals("column") ? ",\"column-name\":\"c\"" : "")
                + "}"
                + rest
                + "}";
    }

    /** A readable, valid mapping file: only its being given twice is wrong. */
    private static Path mappingFile() {
        try {
            Path file = Files.createTempFile("bad-config-mapping", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, SELECT_ALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Case> cases() {
        String tableMapping = "io.ferry.tablemapping.TableMapping";
        String mask = "io.ferry.transforms.MaskColumns$Value";
        String addColumn = "io.ferry.transforms.AddColumn";
        String dmsRow = "io.ferry.transforms.DmsRow";
        String matches = "io.ferry.transforms.predicates.ExpressionMatches";
        return Stream.of(
                // The DMS source
                source(
                        "unknown migration type",
                        Map.of("migration.type", "full"),
                        "migration.type",
                        "full"),
                source("unknown engine", Map.of("source.engine", "db2"), "source.engine", "db2"),
                source(
                        "a table mapping without rules",
                        Map.of("table.mappings", "{\"rules\":[]}"),
                        "table.mappings",
                        "selection"),
                source(
                        "table mapping not JSON",
                        Map.of("table.mappings", "{\"rules\":["),
                        "table.mappings",
                        "json"),
                source(
                        "a rule without its id",
                        Map.of(
                                "table.mappings",
                                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-name\":\"1\",\"object-locator\":{\"schema-name\":\"s\",\"table-name\":\"%\"},\"rule-action\":\"include\"}]}"),
                        "table.mappings",
                        "rule-id"),
                source(
                        "views are not captured",
                        Map.of(
                                "table.mappings",
                                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"7\",\"rule-name\":\"7\",\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"%\",\"table-type\":\"view\"},\"rule-action\":\"include\"}]}"),
                        "table.mappings",
                        "rule-id 7"),
                source(
                        "rename without a value",
                        Map.of("table.mappings", rules(transformation("5", "rename", "table", ""))),
                        "table.mappings",
                        "rule-id 5"),
                source(
                        "two renames of one column",
                        Map.of(
                                "table.mappings",
                                rules(
                                        transformation("8", "rename", "column", ",\"value\":\"a\""),
                                        transformation(
                                                "9", "rename", "column", ",\"value\":\"b\""))),
                        "table.mappings",
                        "rule-id 9"),
                source(
                        "a stop position that is not one",
                        Map.of("cdc.stop.position", "sometime"),
                        "cdc.stop.position",
                        "sometime"),
                source(
                        "a start position that is not one",
                        Map.of("migration.type", "cdc", "cdc.start.position", "yesterday-ish"),
                        "cdc.start.position",
                        "yesterday-ish"),
                source(
                        "a LOB size of zero",
                        Map.of("limited.size.lob.mode", "true", "lob.max.size", "0"),
                        "lob.max.size",
                        "0"),
                source(
                        "a LOB size beyond DMS's limit",
                        Map.of("limited.size.lob.mode", "true", "lob.max.size", "200000"),
                        "lob.max.size",
                        "102400"),
                source(
                        "both LOB modes",
                        Map.of("full.lob.mode", "true", "limited.size.lob.mode", "true"),
                        "full.lob.mode",
                        "limited.size.lob.mode"),
                source(
                        "errors tolerated on a source",
                        Map.of("errors.tolerance", "all"),
                        "errors.tolerance",
                        "all"),
                // Debezium's validation puts a failed connection on the host.
                source(
                        "a wrong password",
                        Map.of("database.password", "not-it"),
                        "database.hostname",
                        "password authentication failed"),
                source(
                        "not a number of LOB KB",
                        Map.of("lob.max.size", "big"),
                        "lob.max.size",
                        "big"),
                // The JDBC sink
                jdbc(
                        "no connection URL",
                        removed("connection.url"),
                        "connection.url",
                        "connection.url"),
                // Accepts connections and never answers: named well before Connect's 90 s.
                jdbc(
                        "a server that never answers",
                        Map.of(
                                "connection.url",
                                "jdbc:mariadb://127.0.0.1:" + SILENT.getLocalPort() + "/x"),
                        "connection.url",
                        "no answer within"),
                jdbc(
                        "a database it has no dialect for",
                        Map.of("connection.url", "jdbc:oracle:thin:@//127.0.0.1:1521/x"),
                        "connection.url",
                        "oracle"),
                jdbc(
                        "unknown prep mode",
                        Map.of("target.table.prep.mode", "WIPE"),
                        "target.table.prep.mode",
                        "WIPE"),
                jdbc("a batch of zero", Map.of("batch.size", "0"), "batch.size", "0"),
                jdbc(
                        "a batch timeout below zero",
                        Map.of("batch.apply.timeout.min", "-1"),
                        "batch.apply.timeout.min",
                        "-1"),
                jdbc(
                        "a batch size that is not a number",
                        Map.of("batch.size", "lots"),
                        "batch.size",
                        "lots"),
                jdbc("negative retries", Map.of("max.retries", "-1"), "max.retries", "-1"),
                jdbc(
                        "negative backoff",
                        Map.of("retry.backoff.ms", "-5"),
                        "retry.backoff.ms",
                        "-5"),
                jdbc(
                        "retries without a wait",
                        Map.of("retry.backoff.ms", "0"),
                        "retry.backoff.ms",
                        "spent within a moment"),
                jdbc(
                        "a wrong password",
                        Map.of("connection.password", "not-it"),
                        "connection.password",
                        "password"),
                jdbc(
                        "an unknown placeholder in the table name",
                        Map.of("table.name.format", "${source.nonsense}"),
                        "table.name.format",
                        "nonsense"),
                jdbc(
                        "a boolean that is not one",
                        Map.of("auto.evolve", "maybe"),
                        "auto.evolve",
                        "maybe"),
                // The S3 sink
                s3("no bucket", removed("bucket.name"), "bucket.name", "bucket.name"),
                s3(
                        "retries without a wait",
                        Map.of("retry.backoff.ms", "0"),
                        "retry.backoff.ms",
                        "at least 100 ms"),
                s3(
                        "a bucket that does not exist",
                        Map.of("bucket.name", "no-such-bucket"),
                        "bucket.name",
                        "does not exist"),
                s3("unknown format", Map.of("data.format", "avro"), "data.format", "avro"),
                s3(
                        "a Parquet codec for CSV",
                        Map.of("data.format", "csv", "compression.type", "SNAPPY"),
                        "compression.type",
                        "SNAPPY"),
                s3("unknown codec", Map.of("compression.type", "LZMA"), "compression.type", "LZMA"),
                s3(
                        "inserts only and inserts and updates",
                        Map.of("cdc.inserts.only", "true", "cdc.inserts.and.updates", "true"),
                        "cdc.inserts.and.updates",
                        "cdc.inserts.only"),
                s3(
                        "unknown partition sequence",
                        Map.of(
                                "date.partition.enabled",
                                "true",
                                "date.partition.sequence",
                                "WEEKLY"),
                        "date.partition.sequence",
                        "WEEKLY"),
                s3(
                        "unknown time zone",
                        Map.of(
                                "date.partition.enabled",
                                "true",
                                "date.partition.timezone",
                                "Mars/Olympus"),
                        "date.partition.timezone",
                        "Mars/Olympus"),
                s3(
                        "unknown partition delimiter",
                        Map.of(
                                "date.partition.enabled",
                                "true",
                                "date.partition.delimiter",
                                "PIPE"),
                        "date.partition.delimiter",
                        "PIPE"),
                s3(
                        "unknown Parquet version",
                        Map.of("data.format", "parquet", "parquet.version", "PARQUET_3_0"),
                        "parquet.version",
                        "PARQUET_3_0"),
                s3(
                        "unknown encoding",
                        Map.of("data.format", "parquet", "encoding.type", "fancy"),
                        "encoding.type",
                        "fancy"),
                s3("a file size of zero", Map.of("max.file.size", "0"), "max.file.size", "0"),
                s3(
                        "a CSV-only setting with Parquet",
                        Map.of(
                                "data.format",
                                "parquet",
                                "use.csv.no.sup.value",
                                "true",
                                "csv.no.sup.value",
                                "x"),
                        "use.csv.no.sup.value",
                        "csv"),
                s3("an empty delimiter", Map.of("csv.delimiter", ""), "csv.delimiter", "delimiter"),
                // The DynamoDB sink
                dynamo(
                        "unknown prep mode",
                        Map.of("target.table.prep.mode", "WIPE"),
                        "target.table.prep.mode",
                        "WIPE"),
                dynamo(
                        "negative load threads",
                        Map.of("parallel.load.threads", "-1"),
                        "parallel.load.threads",
                        "-1"),
                dynamo(
                        "unknown JSON column form",
                        Map.of("json.columns.as", "xml"),
                        "json.columns.as",
                        "xml"),
                dynamo("negative retries", Map.of("max.retries", "-1"), "max.retries", "-1"),
                dynamo(
                        "retries without a wait",
                        Map.of("retry.backoff.ms", "1"),
                        "retry.backoff.ms",
                        "at least 100 ms"),
                dynamo(
                        "an unknown object-mapping action",
                        Map.of(
                                "table.mappings",
                                rules(
                                        "{\"rule-type\":\"object-mapping\",\"rule-id\":\"2\",\"rule-name\":\"2\",\"rule-action\":\"map-everything\",\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"t\"}}")),
                        "table.mappings",
                        "rule-id 2"),
                // The SMTs and the predicate
                smt(
                        "table mapping missing",
                        "dms",
                        tableMapping,
                        Map.of(),
                        "table.mappings",
                        "table.mappings"),
                smt(
                        "table mapping twice",
                        "dms",
                        tableMapping,
                        Map.of(
                                "table.mappings",
                                SELECT_ALL,
                                "table.mappings.file",
                                mappingFile().toString()),
                        "table.mappings",
                        "both are set"),
                smt(
                        "an unknown filter operator",
                        "dms",
                        tableMapping,
                        Map.of(
                                "table.mappings",
                                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"3\",\"rule-name\":\"3\",\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"t\"},\"rule-action\":\"include\",\"filters\":[{\"filter-type\":\"source\",\"column-name\":\"c\",\"filter-conditions\":[{\"filter-operator\":\"like\",\"value\":\"x\"}]}]}]}"),
                        "table.mappings",
                        "rule-id 3"),
                smt(
                        "an expression that does not parse",
                        "dms",
                        tableMapping,
                        Map.of(
                                "table.mappings",
                                rules(
                                        transformation(
                                                "4",
                                                "add-column",
                                                "column",
                                                ",\"value\":\"x\",\"expression\":\"$a +\",\"data-type\":{\"type\":\"string\",\"length\":10}"))),
                        "table.mappings",
                        "rule-id 4"),
                smt(
                        "unknown mask action",
                        "mask",
                        mask,
                        Map.of("columns", "ssn", "mask.action", "blur"),
                        "mask.action",
                        "blur"),
                smt("no columns to mask", "mask", mask, Map.of(), "columns", "columns"),
                smt(
                        "unknown column type",
                        "add",
                        addColumn,
                        Map.of("column.name", "x", "column.type", "complex", "expression", "1"),
                        "column.type",
                        "complex"),
                smt(
                        "an expression that does not parse",
                        "add",
                        addColumn,
                        Map.of("column.name", "x", "column.type", "string", "expression", "1 +"),
                        "expression",
                        "1 +"),
                smt(
                        "unknown before-image filter",
                        "dms",
                        dmsRow,
                        Map.of("before.image.column.filter", "some"),
                        "before.image.column.filter",
                        "some"),
                smt(
                        "a predicate that does not parse",
                        "p",
                        matches,
                        Map.of("expression", "$a = ("),
                        "expression",
                        "$a = ("));
    }
}
