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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackDataDirTest {
    @TempDir Path tmp;

    @Test
    void aNewDataDirectoryIsOwnerOnlyAndAnEarlierRunsIsMadeSoAgain() throws IOException {
        Path data = tmp.resolve("a/b/data");
        StackDataDir.prepare(data).close();
        assertEquals("rwx------", permissions(data));

        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        StackDataDir.prepare(data).close();
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
    void aDirectoryAnotherRunHoldsIsNamed() throws IOException {
        Path data = tmp.resolve("held");
        try (StackDataDir first = StackDataDir.prepare(data)) {
            IOException held = assertThrows(IOException.class, () -> StackDataDir.prepare(data));
            assertTrue(held.getMessage().contains("another ferry run"), held.getMessage());
        }
        StackDataDir.prepare(data).close(); // let go: usable again
    }

    @Test
    void aDirectoryWhoseKafkaLockIsHeldIsNamed() throws IOException {
        Path data = tmp.resolve("kafka-held");
        StackDataDir.prepare(data).close();
        Files.createDirectories(data.resolve("kafka"));
        try (FileChannel channel =
                        FileChannel.open(
                                data.resolve("kafka/.lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            IOException held = assertThrows(IOException.class, () -> StackDataDir.prepare(data));
            assertTrue(held.getMessage().contains("a Kafka started by"), held.getMessage());
        }
        StackDataDir.prepare(data).close();
    }

    /**
     * A directory another user owns (their stack, their Kafka config topic with passwords) is
     * refused before anything in it is touched.
     */
    @Test
    void aDirectoryAnotherUserOwnsIsRefused() throws IOException {
        Path theirs;
        if (System.getProperty("user.name").equals("root")) {
            theirs = Files.createDirectory(tmp.resolve("theirs"));
            Files.setOwner(
                    theirs,
                    theirs.getFileSystem()
                            .getUserPrincipalLookupService()
                            .lookupPrincipalByName("nobody"));
        } else {
            theirs = Path.of("/").toRealPath(); // root's
        }
        IOException refused = assertThrows(IOException.class, () -> StackDataDir.prepare(theirs));
        assertTrue(refused.getMessage().contains("belongs to"), refused.getMessage());
        // Through a symbolic link of one's own, too.
        Path link = Files.createSymbolicLink(tmp.resolve("mine"), theirs);
        refused = assertThrows(IOException.class, () -> StackDataDir.prepare(link));
        assertTrue(refused.getMessage().contains("belongs to"), refused.getMessage());
    }

    @Test
    void aSymbolicLinkIsFollowedOnceAndTheRealDirectoryKept() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        try (StackDataDir data = StackDataDir.prepare(link)) {
            assertEquals(real.toRealPath(), data.path());
        }
    }

    @Test
    void fileReferencesAllowExactlyTheirFilesForThisRunAndLaterOnes() throws IOException {
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Path password = Files.writeString(secrets.resolve("db.properties"), "password=x\n");
        Path mapping = Files.writeString(tmp.resolve("m.properties"), "json={}\n");
        Files.writeString(secrets.resolve("other.properties"), "key=y\n");
        ConnectorConfig sink =
                new ConnectorConfig(
                        "sink",
                        Map.of(
                                "connection.password",
                                "${file:" + password + ":password}",
                                "table.mappings",
                                "${file:" + mapping + ":json}",
                                "connection.user",
                                "${file:/no/such/dir/u.properties:user}"));
        List<Path> expected = List.of(tmp.resolve("data/secrets"), password, mapping);
        try (StackDataDir data = StackDataDir.prepare(tmp.resolve("data"))) {
            assertEquals(
                    expected.stream().sorted(Comparator.comparing(Path::toString)).toList(),
                    data.fileProviderPaths(List.of(sink)));
        }
        // A resumed run without configs still reads what the stored configs name.
        try (StackDataDir data = StackDataDir.prepare(tmp.resolve("data"))) {
            assertEquals(
                    expected.stream().sorted(Comparator.comparing(Path::toString)).toList(),
                    data.fileProviderPaths(List.of()));
        }
    }

    @Test
    void aRelativeFileReferenceIsRefusedNamingTheKey() throws IOException {
        ConnectorConfig sink =
                new ConnectorConfig(
                        "sink", Map.of("connection.password", "${file:secrets.properties:pw}"));
        try (StackDataDir data = StackDataDir.prepare(tmp.resolve("data"))) {
            IOException refused =
                    assertThrows(IOException.class, () -> data.fileProviderPaths(List.of(sink)));
            assertTrue(
                    refused.getMessage().contains("sink: connection.password"),
                    refused.getMessage());
        }
    }

    private static String permissions(Path dir) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    }
}
