package io.ferry.testing;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers tests talk to, each started at most once per test JVM on first use and stopped
 * when the JVM exits. Servers keep their files under {@code target/servers/} (or the directory in
 * the {@code ferry.servers.dir} system property). A server that cannot start fails the test with a
 * {@link ServerUnavailableException} saying what to install: tests never skip.
 */
public final class LocalServers {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServers.class);
    private static final Deque<Stop> STOPS = new ArrayDeque<>();
    private static LocalDatabase postgres;
    private static LocalDatabase mariadb;
    private static LocalS3 s3;
    private static LocalDynamoDb dynamoDb;
    private static LocalSchemaRegistry schemaRegistry;

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(LocalServers::stopAll, "ferry-servers-stop"));
    }

    private LocalServers() {}

    /** PostgreSQL with {@code wal_level=logical}. */
    public static synchronized LocalDatabase postgres() {
        if (postgres == null) {
            postgres = started(LocalDatabase.start(LocalDatabase.Engine.POSTGRES, dir("postgres")));
            register(postgres::stop);
        }
        return postgres;
    }

    /** MariaDB with a ROW binlog and full row images. */
    public static synchronized LocalDatabase mariadb() {
        if (mariadb == null) {
            mariadb = started(LocalDatabase.start(LocalDatabase.Engine.MARIADB, dir("mariadb")));
            register(mariadb::stop);
        }
        return mariadb;
    }

    /** A schema registry with the REST API Apicurio's converters speak. */
    public static synchronized LocalSchemaRegistry schemaRegistry() {
        if (schemaRegistry == null) {
            schemaRegistry = LocalSchemaRegistry.start();
            register(schemaRegistry::stop);
        }
        return schemaRegistry;
    }

    public static synchronized LocalS3 s3() {
        if (s3 == null) {
            s3 = LocalS3.start();
            register(s3::stop);
        }
        return s3;
    }

    public static synchronized LocalDynamoDb dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = LocalDynamoDb.start();
            register(dynamoDb::stop);
        }
        return dynamoDb;
    }

    private static LocalDatabase started(LocalDatabase database) {
        LOG.info("{} started on {}:{}", database.engine(), database.host(), database.port());
        return database;
    }

    private interface Stop {
        void run() throws Exception;
    }

    private static void register(Stop stop) {
        STOPS.push(stop);
    }

    private static synchronized void stopAll() {
        while (!STOPS.isEmpty()) {
            try {
                STOPS.pop().run();
            } catch (Exception e) {
                LOG.warn("a test server did not stop cleanly", e);
            }
        }
    }

    private static Path dir(String name) {
        String root = System.getProperty("ferry.servers.dir");
        Path base = root != null ? Paths.get(root) : Paths.get("target", "servers");
        return base.toAbsolutePath().resolve(name);
    }
}
