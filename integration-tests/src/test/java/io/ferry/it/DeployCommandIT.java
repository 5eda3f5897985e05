package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.cli.Ferry;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** {@code ferry deploy} against a real Connect worker's REST API, Ferry's plugins loaded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployCommandIT {
    private EmbeddedConnectCluster connect;

    @BeforeAll
    void start() {
        connect =
                ConnectClusters.start(
                        "deploy",
                        1,
                        Map.of("plugin.path", ConnectClusters.pluginPath().toString()));
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    private String restUrl() {
        String connectors = connect.endpointForResource("connectors");
        return connectors.substring(0, connectors.length() - "connectors".length());
    }

    private String ferry(int expectedExit, Path... files) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Ferry());
        command.setOut(new PrintWriter(out));
        String[] args = new String[files.length + 3];
        args[0] = "deploy";
        args[1] = "--connect-url";
        args[2] = restUrl();
        for (int i = 0; i < files.length; i++) {
            args[i + 3] = files[i].toString();
        }
        assertEquals(expectedExit, command.execute(args), out.toString());
        return out.toString();
    }

    @Test
    void validConfigsAreCreatedThenUpdatedAndInvalidOnesShowTheirKeys() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute("DROP SCHEMA IF EXISTS deploy_src CASCADE", "CREATE SCHEMA deploy_src");
        Path dir = Files.createTempDirectory("deploy");
        Path good = dir.resolve("deploy-source.json");
        String config =
                ("{'connector.class':'io.ferry.source.DmsSourceConnector','source.engine':'postgres',"
                                + "'migration.type':'full-load','topic.prefix':'deploy',"
                                + "'slot.name':'deploy','publication.name':'deploy',"
                                + "'table.include.list':'deploy_src.none',"
                                + "'database.hostname':'%s','database.port':'%d','database.user':'%s',"
                                + "'database.password':'%s','database.dbname':'%s'}")
                        .replace('\'', '"')
                        .formatted(
                                pg.host(),
                                pg.port(),
                                LocalDatabase.USER,
                                LocalDatabase.PASSWORD,
                                LocalDatabase.DATABASE);
        Files.writeString(good, config);
        Path bad = dir.resolve("bad-source.json");
        Files.writeString(
                bad,
                config.replace("\"full-load\"", "\"sometimes\"")
                        .replace("\"postgres\"", "\"db2\""));

        String first = ferry(1, good, bad);
        assertTrue(first.contains("deploy-source: created"), first);
        assertTrue(first.contains("bad-source: not deployed"), first);
        assertTrue(first.contains("  migration.type: "), first);
        assertTrue(first.contains("  source.engine: "), first);
        assertTrue(connect.connectors().contains("deploy-source"));
        assertTrue(!connect.connectors().contains("bad-source"));

        String second = ferry(0, good);
        assertTrue(second.contains("deploy-source: updated"), second);
        connect.deleteConnector("deploy-source");
    }
}
