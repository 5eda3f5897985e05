package io.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the bundled server scripts ({@code postgres.sh}, {@code mariadb.sh}) from this jar.
 * The script is copied into the server's work directory so that a developer can rerun it by hand.
 */
final class ServerScript {
    /** Long enough for a first run that installs the Debian package. */
    private static final long TIMEOUT_MINUTES = 10;

    private final String name;
    private final Path workDir;

    ServerScript(String name, Path workDir) {
        this.name = name;
        this.workDir = workDir;
    }

    void run(String... args) {
        Path script = extract();
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.add(args[0]);
        command.add(workDir.toString());
        command.addAll(List.of(args).subList(1, args.length));
        Path log = workDir.resolve(name + "-" + args[0] + ".log");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ServerUnavailableException(
                        name + " " + args[0] + " timed out; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new ServerUnavailableException(
                        name
                                + " "
                                + args[0]
                                + " failed (exit "
                                + process.exitValue()
                                + "):\n"
                                + tail(log));
            }
        } catch (IOException e) {
            throw new ServerUnavailableException("cannot run bash for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException("interrupted while running " + name, e);
        }
    }

    private Path extract() {
        try (InputStream in = ServerScript.class.getResourceAsStream("servers/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled script servers/" + name);
            }
            Files.createDirectories(workDir);
            Path target = workDir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
