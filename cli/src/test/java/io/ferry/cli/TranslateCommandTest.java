package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.sink.dynamodb.DynamoDbSinkConfig;
import io.ferry.sink.s3.S3SinkConfig;
import io.ferry.source.DmsSourceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ferry translate} on the seed walkthroughs' DMS JSON, as printed in the DMS guide. */
class TranslateCommandTest {
    private static final Path SEEDS = Path.of("src", "test", "resources", "seeds");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Result(String console, Map<String, String> source, Map<String, String> sink) {}

    private static Result translate(Path dir, String name, String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Ferry());
        command.setOut(new PrintWriter(out));
        String[] all = new String[args.length + 5];
        all[0] = "translate";
        all[1] = "--name";
        all[2] = name;
        all[3] = "--out";
        all[4] = dir.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        assertEquals(0, command.execute(all), out.toString());
        return new Result(
                out.toString(),
                JSON.readValue(
                        dir.resolve(name + "-source.json").toFile(), new TypeReference<>() {}),
                JSON.readValue(
                        dir.resolve(name + "-sink.json").toFile(), new TypeReference<>() {}));
    }

    private static Path write(Path dir, String file, String text) throws Exception {
        return Files.writeString(dir.resolve(file), text);
    }

    private static Path mysqlSource(Path dir) throws Exception {
        return write(
                dir,
                "source.json",
                "{\"EngineName\": \"mysql\", \"ServerName\": \"mysql\", \"Port\": 3306,"
                        + " \"Username\": \"admin\", \"DatabaseName\": \"vaccine_db\"}");
    }

    /** Errors the connector's own ConfigDef finds in a config, by key. */
    private static List<String> errors(ConfigDef def, Map<String, String> config) {
        return def.validate(config).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .map((ConfigValue v) -> v.name() + ": " + v.errorMessages())
                .toList();
    }

    @Test
    void theDynamoDbWalkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        String mappings =
                JSON.readTree(
                                Path.of("..", "config-examples", "mysql-to-dynamodb", "sink.json")
                                        .toFile())
                        .get("table.mappings")
                        .asText();
        Result result =
                translate(
                        dir,
                        "vaccine",
                        "--table-mappings",
                        write(dir, "mappings.json", mappings).toString(),
                        "--task-settings",
                        SEEDS.resolve("ddb-task-settings.json").toString(),
                        "--source-endpoint",
                        mysqlSource(dir).toString(),
                        "--target-endpoint",
                        write(
                                        dir,
                                        "target.json",
                                        "{\"EngineName\": \"dynamodb\", \"DynamoDbSettings\":"
                                                + " {\"ServiceAccessRoleArn\": \"arn:aws:iam::111122223333:role/ddb\"}}")
                                .toString());
        Map<String, String> sink = result.sink();
        assertEquals("io.ferry.sink.dynamodb.DynamoDbSinkConnector", sink.get("connector.class"));
        assertEquals("150", sink.get("parallel.load.threads"));
        assertEquals("1000", sink.get("parallel.load.buffer.size"));
        assertEquals(
                mappings.replaceAll("\\s", ""), sink.get("table.mappings").replaceAll("\\s", ""));
        assertEquals(List.of(), errors(DynamoDbSinkConfig.CONFIG_DEF, sink));
        Map<String, String> source = result.source();
        assertEquals("mysql", source.get("source.engine"));
        assertEquals("mysql", source.get("database.hostname"));
        assertTrue(source.get("database.password").startsWith("${file:"), "no password in JSON");
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        new DmsSourceConfig(source);
        assertTrue(
                result.console().contains("TargetMetadata.SupportLobs = false: no Ferry setting"));
        assertTrue(result.console().contains("DynamoDbSettings.ServiceAccessRoleArn"));
        assertTrue(result.console().contains("source-endpoint") == false, result.console());
    }

    @Test
    void theMySqlToS3Walkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        String settings = Files.readString(SEEDS.resolve("mysql-s3-endpoint-settings.json"));
        Result result =
                translate(
                        dir,
                        "shard1",
                        "--table-mappings",
                        write(
                                        dir,
                                        "mappings.json",
                                        "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\","
                                                + "\"rule-name\":\"1\",\"object-locator\":{\"schema-name\":"
                                                + "\"dms_sample\",\"table-name\":\"%\"},\"rule-action\":\"include\"}]}")
                                .toString(),
                        "--source-endpoint",
                        mysqlSource(dir).toString(),
                        "--target-endpoint",
                        write(
                                        dir,
                                        "target.json",
                                        "{\"EngineName\": \"s3\", \"S3Settings\": "
                                                + settings
                                                + "}")
                                .toString());
        Map<String, String> sink = result.sink();
        assertEquals("io.ferry.sink.s3.S3SinkConnector", sink.get("connector.class"));
        assertEquals("endpoint1", sink.get("bucket.folder"));
        assertEquals("64000", sink.get("max.file.size"));
        assertEquals("3600", sink.get("cdc.max.batch.interval"));
        assertEquals("true", sink.get("include.op.for.full.load"));
        assertEquals("\\n", sink.get("csv.row.delimiter"));
        assertEquals("shard1\\..*", sink.get("topics.regex"));
        assertEquals(List.of(), errors(S3SinkConfig.CONFIG_DEF, sink));
        assertTrue(
                result.console().contains("S3Settings.ServiceAccessRoleArn"),
                "the IAM role is listed, not dropped: " + result.console());
    }
}
