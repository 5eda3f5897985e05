package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackDataDirTest {
    @TempDir Path tmp;

    @Test
    void aNewDataDirectoryIsOwnerOnlyAndAnEarlierRunsIsMadeSoAgain() throws IOException {
        Path data = tmp.resolve("a/b/data");
        StackDataDir.prepare(data);
        assertEquals("rwx------", permissions(data));

        Files.createDirectories(data.resolve("kafka"));
        Files.writeString(data.resolve("kafka/meta.properties"), "cluster.id=x\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        StackDataDir.prepare(data);
        assertEquals("rwx------", permissions(data));
    }

    @Test
    void aDirectoryHoldingSomethingElseIsRefusedUntouched() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "keep");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException refused = assertThrows(IOException.class, () -> StackDataDir.prepare(project));
        assertTrue(refused.getMessage().contains("choose a new --data-dir"), refused.getMessage());
        assertEquals("rwxr-xr-x", permissions(project));
    }

    @Test
    void aDirectoryWhoseKafkaLockIsHeldIsNamed() throws IOException {
        Path data = tmp.resolve("held");
        StackDataDir.prepare(data);
        Files.createDirectories(data.resolve("kafka"));
        Files.writeString(data.resolve("kafka/meta.properties"), "cluster.id=x\n");
        try (FileChannel channel =
                        FileChannel.open(
                                data.resolve("kafka/.lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            IOException held = assertThrows(IOException.class, () -> StackDataDir.prepare(data));
            assertTrue(held.getMessage().contains("is in use"), held.getMessage());
        }
        StackDataDir.prepare(data); // released: usable again
    }

    @Test
    void fileReferencesAllowTheirDirectoriesForThisRunAndLaterOnes() throws IOException {
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        StackDataDir data = StackDataDir.prepare(tmp.resolve("data"));
        ConnectorConfig sink =
                new ConnectorConfig(
                        "sink",
                        Map.of(
                                "connection.password",
                                "${file:" + secrets.resolve("db.properties") + ":password}",
                                "table.mappings",
                                "${file:" + elsewhere.resolve("m.properties") + "}",
                                "connection.user",
                                "${file:/no/such/dir/u.properties:user}"));
        assertEquals(
                List.of(tmp.resolve("data/secrets"), elsewhere, secrets),
                data.fileProviderPaths(List.of(sink)));
        // A resumed run without configs still reads what the stored configs name.
        assertEquals(
                List.of(tmp.resolve("data/secrets"), elsewhere, secrets),
                StackDataDir.prepare(tmp.resolve("data")).fileProviderPaths(List.of()));
    }

    private static String permissions(Path dir) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    }
}
