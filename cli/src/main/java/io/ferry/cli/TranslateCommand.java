package io.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry translate}: a DMS task's JSON (table mappings, task settings, endpoints) as a Ferry
 * source config and sink config, ready for {@code ferry deploy}. What has no Ferry equivalent is
 * listed, never dropped silently.
 */
@Command(
        name = "translate",
        mixinStandardHelpOptions = true,
        description =
                "Turn a DMS task (table mappings, task settings, endpoints) into Ferry connector"
                        + " configs; lists every DMS setting it does not carry over.")
final class TranslateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--name",
            required = true,
            description = "Task name: connector names and topic prefix.")
    String name;

    @Option(names = "--table-mappings", required = true, description = "DMS table-mappings JSON.")
    Path tableMappings;

    @Option(names = "--task-settings", description = "DMS task-settings JSON.")
    Path taskSettings;

    @Option(names = "--source-endpoint", required = true, description = "DMS source endpoint JSON.")
    Path sourceEndpoint;

    @Option(
            names = "--target-endpoint",
            required = true,
            description = "DMS target endpoint JSON (S3Settings, DynamoDbSettings, or a database).")
    Path targetEndpoint;

    @Option(
            names = "--migration-type",
            defaultValue = "full-load-and-cdc",
            description = "full-load, full-load-and-cdc or cdc (default: ${DEFAULT-VALUE}).")
    String migrationType;

    @Option(names = "--cdc-start-position", description = "DMS CdcStartPosition (with cdc).")
    String cdcStartPosition;

    @Option(names = "--cdc-stop-position", description = "DMS CdcStopPosition.")
    String cdcStopPosition;

    @Option(
            names = "--kafka-bootstrap",
            defaultValue = "kafka:9092",
            description = "Kafka for Debezium's schema history (default: ${DEFAULT-VALUE}).")
    String kafkaBootstrap;

    @Option(
            names = "--out",
            defaultValue = ".",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        TaskTranslation translation =
                new TaskTranslation(
                        new TaskTranslation.Inputs(
                                name,
                                migrationType,
                                DmsJson.read(tableMappings),
                                taskSettings == null ? null : DmsJson.read(taskSettings),
                                DmsJson.endpoint(sourceEndpoint),
                                DmsJson.endpoint(targetEndpoint),
                                cdcStartPosition,
                                cdcStopPosition,
                                kafkaBootstrap));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(out);
        Path sourceFile = out.resolve(name + "-source.json");
        Path sinkFile = out.resolve(name + "-sink.json");
        json.writeValue(sourceFile.toFile(), translation.source());
        json.writeValue(sinkFile.toFile(), translation.sink());
        console.println("wrote " + sourceFile + " and " + sinkFile);
        console.println(
                "passwords are read from /opt/kafka/secrets/"
                        + name
                        + "-{source,target}.properties");
        if (translation.notTranslated().isEmpty()) {
            console.println("every DMS setting was carried over");
        } else {
            console.println("not carried over (" + translation.notTranslated().size() + "):");
            translation.notTranslated().forEach(s -> console.println("  " + s));
        }
        console.flush();
        return 0;
    }
}
