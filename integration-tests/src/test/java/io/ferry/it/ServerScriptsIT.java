package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.testing.LocalDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The project's server scripts work from a clone below a directory only its owner can enter (a
 * clone in {@code /root}, or in a {@code mktemp -d} directory), where the database's own OS user
 * cannot reach the build output, and the server they start listens on loopback only.
 */
class ServerScriptsIT {

    @ParameterizedTest
    @EnumSource(LocalDatabase.Engine.class)
    void aServerStartsFromACloneOnlyItsOwnerCanEnter(
            LocalDatabase.Engine engine, @TempDir Path owner) throws IOException {
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(owner)));
        Path work = owner.resolve("clone/integration-tests/target/servers/" + engine);

        LocalDatabase database = LocalDatabase.start(engine, work);
        Path dataDir;
        try {
            assertEquals(List.of("1"), database.rows("SELECT 1"));
            dataDir = Path.of(Files.readString(work.resolve("datadir")).strip());
            if (!dataDir.startsWith(work)) {
                // Out of the work directory: private to the database's own OS user.
                Path own = dataDir.getParent();
                assertEquals(
                        "rwx------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(own)));
                assertEquals(
                        engine == LocalDatabase.Engine.POSTGRES ? "postgres" : "mysql",
                        Files.getOwner(own).getName());
            }
            for (InetAddress address : nonLoopbackAddresses()) {
                assertThrows(
                        IOException.class,
                        () -> connect(address, database.port()),
                        engine + " answers on " + address + ", not on loopback only");
            }
        } finally {
            database.stop();
        }
        // What the scripts had to put elsewhere (data, MariaDB's socket) goes with the server.
        if (!dataDir.startsWith(work)) {
            assertFalse(Files.exists(dataDir.getParent()), dataDir + " left behind");
        }
        if (Files.exists(work.resolve("rundir"))) {
            Path run = Path.of(Files.readString(work.resolve("rundir")).strip());
            assertFalse(Files.exists(run), run + " left behind");
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        try (Stream<NetworkInterface> interfaces = NetworkInterface.networkInterfaces()) {
            return interfaces
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> !address.isLoopbackAddress())
                    .filter(address -> !address.isLinkLocalAddress())
                    .toList();
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }
}
