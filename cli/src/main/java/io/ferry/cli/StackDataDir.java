package io.ferry.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stack's data directory: Kafka's log, whose config topic holds every connector config
 * with its passwords. It is owner-only, used by one stack at a time, and remembers which
 * directories {@code ${file:...}} references may read.
 */
final class StackDataDir {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rwx------");
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^:}]+)[:}]");

    /** Kafka's own lock on its log directory, held while a broker runs there. */
    private static final String KAFKA_LOCK = "kafka/.lock";

    /** Marks a directory as a run's, even before its Kafka is formatted. */
    private static final String MARKER = ".ferry-run";

    private static final String ALLOWED = "file-provider-paths";
    private static final String SECRETS = "secrets";

    private final Path dir;

    private StackDataDir(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the directory owner-only, or takes an earlier run's (made owner-only again); refuses
     * a directory that holds something else, or one a running stack holds.
     */
    static StackDataDir prepare(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            Files.createDirectories(abs.getParent());
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else if (!isEmpty(abs)
                && !Files.exists(abs.resolve(MARKER))
                && !Files.exists(abs.resolve("kafka/meta.properties"))) {
            throw new IOException(
                    abs + " is not empty and holds no earlier run: choose a new --data-dir");
        }
        Files.setPosixFilePermissions(abs, OWNER_ONLY);
        refuseIfHeld(abs);
        if (!Files.exists(abs.resolve(MARKER))) {
            Files.writeString(abs.resolve(MARKER), "a ferry run data directory\n");
        }
        Path secrets = abs.resolve(SECRETS);
        if (!Files.exists(secrets)) {
            Files.createDirectory(secrets, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return new StackDataDir(abs);
    }

    /**
     * The directories the worker's {@code FileConfigProvider} may read: its {@code secrets} folder,
     * those named by these configs and by every earlier run's (their configs are in the config
     * topic and come back on resume). The list is kept in the data directory; those that exist are
     * returned.
     */
    List<Path> fileProviderPaths(Collection<ConnectorConfig> configs) throws IOException {
        Set<String> paths = new TreeSet<>();
        paths.add(dir.resolve(SECRETS).toString());
        Path kept = dir.resolve(ALLOWED);
        if (Files.exists(kept)) {
            paths.addAll(Files.readAllLines(kept, StandardCharsets.UTF_8));
        }
        for (ConnectorConfig config : configs) {
            for (String value : config.config().values()) {
                Matcher reference = FILE_REFERENCE.matcher(value);
                while (reference.find()) {
                    Path file = Path.of(reference.group(1)).toAbsolutePath().normalize();
                    paths.add(file.getParent().toString());
                }
            }
        }
        paths.removeIf(String::isBlank);
        Files.write(kept, paths, StandardCharsets.UTF_8);
        // Kafka refuses to start on an allowed path that does not exist; such a reference could
        // not be read anyway.
        return paths.stream().map(Path::of).filter(Files::isDirectory).toList();
    }

    Path path() {
        return dir;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A stack (killed parent or not) still running on this directory is named at once. */
    private static void refuseIfHeld(Path dir) throws IOException {
        Path lock = dir.resolve(KAFKA_LOCK);
        if (!Files.exists(lock)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw inUse(dir);
            }
            held.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dir);
        }
    }

    private static IOException inUse(Path dir) {
        return new IOException(
                dir
                        + " is in use: a Kafka started by another ferry run holds "
                        + dir.resolve(KAFKA_LOCK)
                        + "; stop that run, or choose another --data-dir");
    }
}
