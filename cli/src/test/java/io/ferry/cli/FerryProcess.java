package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ferry} as a user starts it, in its own process, with its output collected line by line.
 * {@code ferry run} starts Kafka and the Connect worker in a JVM of their own (the stack), which
 * {@link #kill} kills as a crash would.
 */
final class FerryProcess {
    private static final Path LAUNCHER = Path.of("..", "ferry").toAbsolutePath().normalize();
    private static final String STACK_CLASS = "io.ferry.stack.LocalStack";

    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private FerryProcess(Process process) {
        this.process = process;
    }

    static FerryProcess start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        FerryProcess ferry =
                new FerryProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    ferry.process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    ferry.lines.add(line);
                                }
                            } catch (Exception e) {
                                ferry.lines.add("(output lost: " + e + ")");
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return ferry;
    }

    String output() {
        return String.join("\n", lines);
    }

    /** The first group of the first line matching {@code regex}. */
    String value(String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no line matches " + regex + " in " + lines);
    }

    /** SIGTERM, as Ctrl-C: the stack stops cleanly. */
    void terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "ferry run did not stop: " + output());
    }

    /** SIGKILL of the stack's JVM — Kafka and the worker die mid-write — then of the command. */
    void kill() throws InterruptedException {
        List<ProcessHandle> stacks =
                process.descendants()
                        .filter(
                                p ->
                                        p.info()
                                                .commandLine()
                                                .map(c -> c.contains(STACK_CLASS))
                                                .orElse(false))
                        .toList();
        assertTrue(!stacks.isEmpty(), "no stack process under ferry run");
        for (ProcessHandle stack : stacks) {
            stack.destroyForcibly();
            stack.onExit().join();
        }
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), "ferry run did not end");
    }
}
