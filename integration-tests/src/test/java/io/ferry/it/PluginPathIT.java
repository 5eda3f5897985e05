package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import io.ferry.testing.TopicReader;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Ferry plugin, unpacked from the archive the build packaged, loads in a worker through {@code
 * plugin.path} in its own class loader, and works there: Debezium (from the classpath) captures a
 * table and Ferry's masking SMT (from the plugin path) masks a column of every change event, in a
 * cluster of two workers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginPathIT {
    private static final String TABLE = "plugin_customers";
    private static final String MASK = "io.ferry.transforms.MaskColumns$Value";
    // Two workers: whichever runs the task must load the plugin from its own plugin.path.
    private static final int WORKERS = 2;
    private EmbeddedConnectCluster connect;

    @BeforeAll
    void start() {
        LocalServers.postgres()
                .execute(
                        "DROP TABLE IF EXISTS " + TABLE,
                        "CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, passport VARCHAR(20))",
                        "INSERT INTO " + TABLE + " VALUES (1, 'C6BGJ56669K')");
        connect =
                ConnectClusters.start(
                        "plugin-path",
                        WORKERS,
                        Map.of(
                                "plugin.path", ConnectClusters.pluginPath().toString(),
                                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                                "value.converter.schemas.enable", "false"));
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void everyWorkerIsUp() {
        assertEquals(WORKERS, connect.healthyWorkers().size());
    }

    @Test
    void ferryClassesAreNotOnTheTestClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(MASK));
        assertThrows(
                ClassNotFoundException.class,
                () -> Class.forName("io.ferry.tablemapping.TableMapping"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.ferry.common.TableId"));
    }

    @Test
    void theWorkerListsThePluginWithItsPackagedVersion() throws Exception {
        Response response =
                connect.requestGet(
                        connect.endpointForResource("connector-plugins?connectorsOnly=false"));
        JsonNode plugins = new ObjectMapper().readTree((String) response.getEntity());
        Map<String, String> versions = new HashMap<>();
        plugins.forEach(p -> versions.put(p.get("class").asText(), p.path("version").asText()));
        // The version comes from the packaged jar's manifest, which target/classes does not have.
        assertEquals(System.getProperty("ferry.version"), versions.get(MASK), versions.toString());
    }

    @Test
    void theSmtFromThePluginPathMasksChangeEvents() throws InterruptedException {
        Map<String, String> config =
                DebeziumConfigs.postgres(LocalServers.postgres(), "plugin_pg", "public." + TABLE);
        config.put("transforms", "mask");
        config.put("transforms.mask.type", MASK);
        config.put("transforms.mask.columns", "passport");
        config.put("transforms.mask.mask.character", "#");
        connect.configureConnector("masked-source", config);
        connect.assertions()
                .assertConnectorAndAtLeastNumTasksAreRunning("masked-source", 1, "not running");

        LocalDatabase pg = LocalServers.postgres();
        List<JsonNode> snapshot = TopicReader.values(connect, "plugin_pg.public." + TABLE, 1);
        pg.execute("UPDATE " + TABLE + " SET passport = 'P0123' WHERE id = 1");
        List<JsonNode> events = TopicReader.values(connect, "plugin_pg.public." + TABLE, 2);

        assertEquals("C#BGJ#####K", snapshot.get(0).get("after").get("passport").asText());
        JsonNode update = events.get(1);
        assertEquals("u", update.get("op").asText());
        assertEquals("P####", update.get("after").get("passport").asText());
        assertTrue(update.get("before").isNull() || update.get("before").has("passport"));
        connect.deleteConnector("masked-source");
    }
}
