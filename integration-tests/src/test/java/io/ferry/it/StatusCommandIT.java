package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.cli.Ferry;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.FreePorts;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ferry status} against a running DMS source: states from the REST API, table statistics
 * from the worker's JMX (served over RMI here, as a worker started with JMX options would).
 */
class StatusCommandIT {
    private static String status(String connectUrl, String jmxUrl) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Ferry());
        command.setOut(new PrintWriter(out));
        command.execute("status", "--connect-url", connectUrl, "--jmx-url", jmxUrl);
        return out.toString();
    }

    @Test
    void showsStatesAndTableStatistics() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS status_src CASCADE",
                "CREATE SCHEMA status_src",
                "CREATE TABLE status_src.items (id int PRIMARY KEY, v text)",
                "INSERT INTO status_src.items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        int port = FreePorts.next();
        LocateRegistry.createRegistry(port);
        JMXServiceURL url =
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        JMXConnectorServer jmx =
                JMXConnectorServerFactory.newJMXConnectorServer(
                        url, null, ManagementFactory.getPlatformMBeanServer());
        jmx.start();
        EmbeddedConnectCluster connect =
                ConnectClusters.start(
                        "status",
                        1,
                        Map.of("plugin.path", ConnectClusters.pluginPath().toString()));
        try {
            Map<String, String> config = new HashMap<>(DebeziumConfigs.connection(pg));
            config.put("connector.class", "io.ferry.source.DmsSourceConnector");
            config.put("source.engine", "postgres");
            config.put("migration.type", "full-load-and-cdc");
            config.put("database.dbname", LocalDatabase.DATABASE);
            config.put("topic.prefix", "status");
            config.put("slot.name", "status");
            config.put("publication.name", "status");
            config.put("slot.drop.on.stop", "true");
            config.put("table.include.list", "status_src.items");
            connect.configureConnector("status-source", config);
            String rest = connect.endpointForResource("connectors");
            String base = rest.substring(0, rest.length() - "connectors".length());
            TestUtils.waitForCondition(
                    () -> status(base, url.toString()).contains("CAPTURING"),
                    120_000,
                    () -> status(base, url.toString()));
            pg.execute(
                    "INSERT INTO status_src.items VALUES (4, 'd')",
                    "UPDATE status_src.items SET v = 'b2' WHERE id = 2",
                    "DELETE FROM status_src.items WHERE id = 3");
            TestUtils.waitForCondition(
                    () ->
                            status(base, url.toString())
                                    .matches(
                                            "(?s).*status_src\\.items +3 +1 +1 +1 +0 +Table completed.*"),
                    120_000,
                    () -> status(base, url.toString()));
            String out = status(base, url.toString());
            assertTrue(out.contains("status-source: RUNNING"), out);
            assertTrue(out.contains("task 0: RUNNING"), out);
            assertEquals(true, out.contains("source latency"), out);
            connect.deleteConnector("status-source");
        } finally {
            connect.stop();
            jmx.stop();
        }
    }
}
