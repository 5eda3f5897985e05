package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Checks a plugin module's {@code META-INF/services} files against its classes. Workers that use
 * {@code plugin.discovery=service_load} (the fast mode, and Kafka's future default) only see
 * plugins listed there, so a missing line is a plugin users cannot configure.
 */
public final class PluginServices {
    private static final List<Class<?>> PLUGIN_TYPES =
            List.of(
                    // Kafka's service loading reads the sink and source files, not Connector's.
                    SinkConnector.class,
                    SourceConnector.class,
                    Transformation.class,
                    Predicate.class,
                    Converter.class,
                    HeaderConverter.class);

    private PluginServices() {}

    /** Concrete public plugin classes under {@code target/classes} with no services line. */
    public static Set<String> unlisted() {
        return unlisted(Paths.get("target", "classes"));
    }

    static Set<String> unlisted(Path classes) {
        Set<String> missing = new TreeSet<>();
        for (String name : classNames(classes)) {
            Class<?> type = load(name);
            if (!isInstantiablePlugin(type)) {
                continue;
            }
            for (Class<?> pluginType : PLUGIN_TYPES) {
                if (pluginType.isAssignableFrom(type)
                        && !listed(classes, pluginType).contains(name)) {
                    missing.add(pluginType.getSimpleName() + ": " + name);
                }
            }
        }
        return missing;
    }

    private static boolean isInstantiablePlugin(Class<?> type) {
        int modifiers = type.getModifiers();
        return Modifier.isPublic(modifiers)
                && !Modifier.isAbstract(modifiers)
                && !type.isInterface()
                && (type.getEnclosingClass() == null || Modifier.isStatic(modifiers));
    }

    private static Set<String> listed(Path classes, Class<?> pluginType) {
        Path file = classes.resolve("META-INF/services/" + pluginType.getName());
        if (!Files.exists(file)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classNames(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString())
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classes, e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PluginServices.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class not loadable: " + name, e);
        }
    }
}
