package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.TopicReader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The spine: a Debezium source against a real local database, in an embedded Connect cluster, sees
 * the snapshot and then streamed INSERT, UPDATE and DELETE (with its tombstone) in Kafka. One
 * subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDebeziumCdcIT {
    protected static final String TABLE = "spine_customers";
    protected EmbeddedConnectCluster connect;

    protected abstract LocalDatabase database();

    /** The connector config; the worker's converters are JSON without schemas. */
    protected abstract Map<String, String> connectorConfig(EmbeddedConnectCluster connect);

    protected abstract String topic();

    @BeforeAll
    void start() {
        database()
                .execute(
                        "DROP TABLE IF EXISTS " + TABLE,
                        "CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(50))",
                        "INSERT INTO " + TABLE + " VALUES (1, 'Ada'), (2, 'Grace')");
        connect =
                ConnectClusters.start(
                        getClass().getSimpleName(),
                        1,
                        Map.of(
                                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                                "key.converter.schemas.enable", "false",
                                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                                "value.converter.schemas.enable", "false"));
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.deleteConnector("source");
            connect.stop();
        }
    }

    @Test
    void snapshotThenStreamedChangesArriveInKafka() throws InterruptedException {
        connect.configureConnector("source", connectorConfig(connect));
        connect.assertions()
                .assertConnectorAndAtLeastNumTasksAreRunning("source", 1, "source did not start");

        List<JsonNode> snapshot = TopicReader.values(connect, topic(), 2);
        assertEquals(List.of("r", "r"), snapshot.stream().map(v -> v.get("op").asText()).toList());
        assertEquals("Grace", snapshot.get(1).get("after").get("name").asText());

        database()
                .execute(
                        "INSERT INTO " + TABLE + " VALUES (3, 'Linus')",
                        "UPDATE " + TABLE + " SET name = 'Ada L.' WHERE id = 1",
                        "DELETE FROM " + TABLE + " WHERE id = 2");

        List<JsonNode> all = TopicReader.values(connect, topic(), 6);
        assertEquals(6, all.size());
        JsonNode insert = all.get(2);
        JsonNode update = all.get(3);
        JsonNode delete = all.get(4);
        assertEquals("c", insert.get("op").asText());
        assertEquals("Linus", insert.get("after").get("name").asText());
        assertEquals("u", update.get("op").asText());
        assertEquals("Ada L.", update.get("after").get("name").asText());
        assertEquals("d", delete.get("op").asText());
        assertEquals(2, delete.get("before").get("id").asInt());
        assertNull(all.get(5), "a delete is followed by a tombstone");
    }
}
