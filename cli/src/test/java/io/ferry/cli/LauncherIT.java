package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./ferry} launcher as a user runs it — its own JVM, the packaged classpath ({@code
 * cli/target/lib}) — so a class the tests' classpath has and the command's lacks fails here.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    @Test
    void helpListsTheCommands() throws Exception {
        String help = run("--help");
        for (String command : List.of("translate", "deploy", "validate")) {
            assertTrue(help.contains(command), help);
        }
    }

    @Test
    void translateRunsFromThePackagedClasspath() throws Exception {
        Path dir = Files.createTempDirectory("launcher");
        Files.writeString(
                dir.resolve("tm.json"),
                "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                        + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"%\"},"
                        + "\"rule-action\":\"include\"}]}");
        Files.writeString(
                dir.resolve("src.json"),
                "{\"EngineName\":\"postgres\",\"ServerName\":\"postgres\",\"Port\":5432}");
        String output =
                run(
                        "translate",
                        "--name",
                        "sales",
                        "--out",
                        dir.toString(),
                        "--table-mappings",
                        dir.resolve("tm.json").toString(),
                        "--source-endpoint",
                        dir.resolve("src.json").toString(),
                        "--target-endpoint",
                        Path.of("src", "test", "resources", "seeds", "ddb-target-endpoint.json")
                                .toAbsolutePath()
                                .toString());
        assertTrue(Files.exists(dir.resolve("sales-sink.json")), output);
        assertTrue(
                Files.readString(dir.resolve("sales-sink.json")).contains("DynamoDbSinkConnector"));
    }
}
