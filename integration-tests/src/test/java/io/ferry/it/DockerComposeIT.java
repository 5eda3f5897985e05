package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml}, checked offline — no Docker engine runs here: {@code docker-compose
 * config} (Debian's docker-compose 1.29, installed when missing and running as root) accepts it,
 * and it is wired for {@code config-examples/}: every host the examples name is a service, every
 * secret they read is mounted, every plugin folder it mounts exists after the build.
 */
class DockerComposeIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

    /** Engines no container can give here; their examples are validated up to connecting. */
    private static final Set<String> NOT_IN_COMPOSE = Set.of("sqlserver", "oracle");

    @Test
    void composeAcceptsTheFile() throws Exception {
        Result result = compose(COMPOSE, "config", "-q");
        assertEquals(0, result.exit(), result.output());
    }

    @Test
    void composeWouldCatchAMistake() throws Exception {
        Path broken = Files.createTempFile("compose", ".yml");
        Files.writeString(
                broken, Files.readString(COMPOSE).replace("    ports:\n", "    portz:\n"));
        Result result = compose(broken, "config", "-q");
        assertNotEquals(0, result.exit(), "a misspelt key passed: " + result.output());
    }

    @Test
    void everyHostTheExamplesNameIsAService() throws Exception {
        Set<String> services =
                new TreeSet<>(compose(COMPOSE, "config", "--services").output().lines().toList());
        Set<String> missing = new TreeSet<>();
        Pattern host =
                Pattern.compile(
                        "\"(?:database\\.hostname\": \"|connection\\.url\": \"jdbc:\\w+://|"
                                + "schema\\.history\\.internal\\.kafka\\.bootstrap\\.servers\": \")"
                                + "([\\w.-]+)");
        for (String example : examples()) {
            Matcher m = host.matcher(example);
            while (m.find()) {
                if (!services.contains(m.group(1)) && !NOT_IN_COMPOSE.contains(m.group(1))) {
                    missing.add(m.group(1));
                }
            }
        }
        assertEquals(Set.of(), missing, "hosts in config-examples that compose does not run");
    }

    @Test
    void everySecretTheExamplesReadIsMounted() throws Exception {
        String file = Files.readString(COMPOSE);
        assertTrue(file.contains("./compose/secrets:/opt/kafka/secrets:ro"), "secrets not mounted");
        Pattern secret = Pattern.compile("\\$\\{file:/opt/kafka/secrets/([\\w.-]+):");
        List<String> missing = new ArrayList<>();
        for (String example : examples()) {
            Matcher m = secret.matcher(example);
            while (m.find()) {
                if (!Files.exists(ROOT.resolve("compose/secrets").resolve(m.group(1)))) {
                    missing.add(m.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyMountedPluginFolderIsBuilt() throws IOException {
        String version = System.getProperty("ferry.version");
        String variable = "${FERRY_VERSION:-" + version + "}";
        Matcher volume =
                Pattern.compile("- \\./([\\w/.${}:-]+-plugin):/opt/ferry/plugins/")
                        .matcher(Files.readString(COMPOSE));
        List<String> mounts = new ArrayList<>();
        while (volume.find()) {
            assertTrue(
                    volume.group(1).contains(variable),
                    "the compose default version is not this build's (" + version + ")");
            mounts.add(volume.group(1).replace(variable, version));
        }
        assertEquals(6, mounts.size(), "one mount per Ferry plugin: " + mounts);
        for (String mount : mounts) {
            assertTrue(Files.isDirectory(ROOT.resolve(mount)), "not built: " + mount);
        }
    }

    private static List<String> examples() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("config-examples"))) {
            List<String> texts = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                texts.add(Files.readString(file));
            }
            return texts;
        }
    }

    private record Result(int exit, String output) {}

    private static Result compose(Path file, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(dockerCompose(), "-f", file.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Result(process.waitFor(), output);
    }

    /** Debian's docker-compose, installed when missing and allowed; never skipped. */
    private static synchronized String dockerCompose() throws Exception {
        if (onPath()) {
            return "docker-compose";
        }
        if ("root".equals(System.getProperty("user.name"))) {
            Process install =
                    new ProcessBuilder(
                                    "sh",
                                    "-c",
                                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive"
                                            + " apt-get install -y -qq --no-install-recommends"
                                            + " docker-compose")
                            .redirectErrorStream(true)
                            .start();
            String output = new String(install.getInputStream().readAllBytes());
            if (install.waitFor() != 0 || !onPath()) {
                throw new IllegalStateException("could not install docker-compose: " + output);
            }
            return "docker-compose";
        }
        throw new IllegalStateException(
                "docker-compose is needed to check docker-compose.yml offline:"
                        + " apt-get install docker-compose");
    }

    private static boolean onPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "docker-compose")));
    }
}
