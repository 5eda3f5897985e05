package io.ferry.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A private database server started for this test JVM by the project's own script, on a loopback
 * port, with its data under the build output. The account {@code ferry}/{@code ferry} may do
 * everything, replication included; the database {@code ferry} exists and is empty.
 */
public final class LocalDatabase {
    /** The engines the project's scripts can start. */
    public enum Engine {
        POSTGRES("postgres.sh", "jdbc:postgresql://127.0.0.1:%d/%s"),
        MARIADB("mariadb.sh", "jdbc:mariadb://127.0.0.1:%d/%s");

        private final String script;
        private final String urlFormat;

        Engine(String script, String urlFormat) {
            this.script = script;
            this.urlFormat = urlFormat;
        }
    }

    public static final String USER = "ferry";
    public static final String PASSWORD = "ferry";
    public static final String DATABASE = "ferry";

    private final Engine engine;
    private final int port;
    private final ServerScript script;

    private LocalDatabase(Engine engine, int port, ServerScript script) {
        this.engine = engine;
        this.port = port;
        this.script = script;
    }

    /** Starts a fresh server of this engine in {@code workDir}; stop it with {@link #stop()}. */
    static LocalDatabase start(Engine engine, Path workDir) {
        int port = FreePorts.next();
        ServerScript script = new ServerScript(engine.script, workDir);
        script.run("start", Integer.toString(port));
        return new LocalDatabase(engine, port, script);
    }

    void stop() {
        script.run("stop");
    }

    public Engine engine() {
        return engine;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return String.format(engine.urlFormat, port, database);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** Runs each statement in order, auto-committed. */
    public void execute(String... statements) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(engine + " statement failed: " + e.getMessage(), e);
        }
    }
}
