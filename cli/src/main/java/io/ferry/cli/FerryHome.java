package io.ferry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The built checkout the command runs from: the {@code ./ferry} launcher passes it as {@code
 * ferry.home}; otherwise it is found above this class's location. Holds the plugin folders the
 * build unpacks ({@code <module>/target/<artifact>-<version>-plugin}), the local stack's classpath
 * and the server scripts.
 */
final class FerryHome {
    private final Path root;

    private FerryHome(Path root) {
        this.root = root;
    }

    static FerryHome locate() {
        String property = System.getProperty("ferry.home");
        if (property != null) {
            return new FerryHome(Path.of(property).toAbsolutePath().normalize());
        }
        try {
            Path here =
                    Path.of(
                            FerryHome.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("ferry"))
                        && Files.isDirectory(dir.resolve("local-stack"))) {
                    return new FerryHome(dir);
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(
                "cannot find the Ferry checkout: run the command through ./ferry");
    }

    /** Every unpacked plugin folder's parent, as Connect's {@code plugin.path} lists them. */
    List<Path> pluginPath() {
        try (Stream<Path> modules =
                Stream.of(
                        root, root.resolve("source-connectors"), root.resolve("sink-connectors"))) {
            List<Path> dirs =
                    modules.flatMap(FerryHome::children)
                            .map(module -> module.resolve("target"))
                            .filter(Files::isDirectory)
                            .flatMap(FerryHome::children)
                            .filter(p -> p.getFileName().toString().endsWith("-plugin"))
                            .filter(Files::isDirectory)
                            .sorted()
                            .collect(Collectors.toList());
            if (dirs.isEmpty()) {
                throw new IllegalStateException(
                        "no plugins built under "
                                + root
                                + ": run ./mvnw -B -ntp verify -DskipTests");
            }
            return dirs;
        }
    }

    /** The local stack JVM's classpath: its classes and Kafka's jars, no Ferry plugin. */
    String stackClasspath() {
        Path stack = root.resolve("local-stack").resolve("target");
        if (!Files.isDirectory(stack.resolve("lib"))) {
            throw new IllegalStateException(
                    "the local stack is not built: run ./mvnw -B -ntp verify -DskipTests");
        }
        return stack.resolve("classes") + java.io.File.pathSeparator + stack.resolve("lib") + "/*";
    }

    Path script(String name) {
        return root.resolve("scripts").resolve(name);
    }

    private static Stream<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
