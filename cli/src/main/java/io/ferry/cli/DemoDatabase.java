package io.ferry.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's PostgreSQL: a private server started by the project's own script ({@code
 * scripts/postgres.sh}: logical replication on, loopback only), holding the source database {@code
 * ferry} and the target database {@code demo_target}.
 */
final class DemoDatabase implements AutoCloseable {
    static final String USER = "ferry";
    static final String PASSWORD = "ferry";
    static final String SOURCE_DB = "ferry";
    static final String TARGET_DB = "demo_target";

    private final Path script;
    private final Path workDir;
    private final int port;

    private DemoDatabase(Path script, Path workDir, int port) {
        this.script = script;
        this.workDir = workDir;
        this.port = port;
    }

    static DemoDatabase start(FerryHome home, Path workDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DemoDatabase database = new DemoDatabase(home.script("postgres.sh"), workDir, port);
        database.run("start", Integer.toString(port));
        try (Connection admin = database.connect(SOURCE_DB)) {
            admin.createStatement().execute("CREATE DATABASE " + TARGET_DB);
        }
        return database;
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    private void run(String... args) throws Exception {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("postgres-" + args[0] + ".log");
        List<String> command =
                new java.util.ArrayList<>(
                        List.of("bash", script.toString(), args[0], workDir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(
                    "PostgreSQL "
                            + args[0]
                            + " failed:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws Exception {
        run("stop");
    }
}
