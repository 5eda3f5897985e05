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
import java.util.Map;
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
final class StackDataDir implements AutoCloseable {
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
    private final FileChannel marker;

    private StackDataDir(Path dir, FileChannel marker) {
        this.dir = dir;
        this.marker = marker;
    }

    /**
     * Creates the directory owner-only, or takes an earlier run's (made owner-only again), and
     * holds it until {@link #close()}; refuses a directory that holds something else, belongs to
     * another user, or is in use by another run or a running stack.
     */
    static StackDataDir prepare(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            Files.createDirectories(abs.getParent());
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        // From here on the real directory: a symbolic link swapped later changes nothing.
        Path real = abs.toRealPath();
        String owner = Files.getOwner(real).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(real + " belongs to " + owner + ": choose a directory of yours");
        }
        if (!isEmpty(real)
                && !Files.exists(real.resolve(MARKER))
                && !Files.exists(real.resolve("kafka/meta.properties"))) {
            throw new IOException(
                    real + " is not empty and holds no earlier run: choose a new --data-dir");
        }
        Files.setPosixFilePermissions(real, OWNER_ONLY);
        FileChannel marker =
                FileChannel.open(
                        real.resolve(MARKER), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = marker.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            marker.close();
            throw inUse(real, real.resolve(MARKER), "another ferry run");
        }
        try {
            refuseIfHeld(real);
            Path secrets = real.resolve(SECRETS);
            if (!Files.exists(secrets)) {
                Files.createDirectory(secrets, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
        } catch (IOException e) {
            marker.close();
            throw e;
        }
        return new StackDataDir(real, marker);
    }

    /**
     * What the worker's {@code FileConfigProvider} may read: its {@code secrets} folder and the
     * files {@code ${file:...}} references name, in these configs and every earlier run's (their
     * configs are in the config topic and come back on resume). Exact files, not their folders: a
     * password file in a home directory must not open the rest of it. The list is kept in the data
     * directory; those that exist are returned (Kafka refuses to start on one that does not).
     */
    List<Path> fileProviderPaths(Collection<ConnectorConfig> configs) throws IOException {
        Set<String> paths = new TreeSet<>();
        paths.add(dir.resolve(SECRETS).toString());
        Path kept = dir.resolve(ALLOWED);
        if (Files.exists(kept)) {
            paths.addAll(Files.readAllLines(kept, StandardCharsets.UTF_8));
        }
        for (ConnectorConfig config : configs) {
            for (Map.Entry<String, String> entry : config.config().entrySet()) {
                Matcher reference = FILE_REFERENCE.matcher(entry.getValue());
                while (reference.find()) {
                    String file = reference.group(1);
                    // Kafka matches allowed paths as given and splits its list at commas.
                    if (!Path.of(file).isAbsolute() || file.contains(",")) {
                        throw new IOException(
                                config.name()
                                        + ": "
                                        + entry.getKey()
                                        + " reads "
                                        + file
                                        + ": a file config provider path must be absolute and"
                                        + " hold no comma");
                    }
                    paths.add(Path.of(file).normalize().toString());
                }
            }
        }
        paths.removeIf(String::isBlank);
        Files.write(kept, paths, StandardCharsets.UTF_8);
        return paths.stream().map(Path::of).filter(Files::exists).toList();
    }

    /** Lets another run have the directory. */
    @Override
    public void close() throws IOException {
        marker.close();
    }

    Path path() {
        return dir;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A stack still running on this directory (its run killed) is named at once. */
    private static void refuseIfHeld(Path dir) throws IOException {
        Path lock = dir.resolve(KAFKA_LOCK);
        if (!Files.exists(lock)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw inUse(dir, lock, "a Kafka started by another ferry run");
            }
            held.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, lock, "a Kafka started by another ferry run");
        }
    }

    private static IOException inUse(Path dir, Path lock, String holder) {
        return new IOException(
                dir
                        + " is in use: "
                        + holder
                        + " holds "
                        + lock
                        + "; stop that run, or choose another --data-dir");
    }
}
