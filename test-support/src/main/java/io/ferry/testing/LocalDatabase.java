package io.ferry.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
    public static LocalDatabase start(Engine engine, Path workDir) {
        int port = FreePorts.next();
        ServerScript script = new ServerScript(engine.script, workDir);
        script.run("start", Integer.toString(port));
        return new LocalDatabase(engine, port, script);
    }

    public void stop() {
        script.run("stop");
    }

    /**
     * Stops the server cleanly — every client sees its connection closed — and starts it again on
     * the same data and port: a source or target database restarted mid-migration.
     */
    public void restart() {
        script.run("restart");
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

    /** The rows of a query in the default database, each row's values as text joined by |. */
    public List<String> rows(String sql) {
        return rows(DATABASE, sql);
    }

    /** The rows of a query in {@code database}, each row's values as text joined by |. */
    public List<String> rows(String database, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection =
                        DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    engine + " query failed: " + sql + ": " + e.getMessage(), e);
        }
        return rows;
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
