package io.ferry.it;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalDynamoDb;
import io.ferry.testing.LocalServers;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * PostgreSQL → Debezium → Ferry's DynamoDB sink (from its plugin archive) → DynamoDB Local, with a
 * two-column key as partition and sort key: the items converge on the source rows through the
 * snapshot, updates, a key change and deletes. Run once per record format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DynamoDbSinkPipelineScenarios {
    private EmbeddedConnectCluster connect;

    abstract Converters converters();

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(converters().workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("dynamodb-pipeline", 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void postgresRowsBecomeItems() throws Exception {
        String name = "ddb_" + converters().name().toLowerCase();
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS " + name + " CASCADE",
                "CREATE SCHEMA " + name,
                "CREATE TABLE "
                        + name
                        + ".orders (store_id int, order_no bigint, amount numeric(10,2), note text,"
                        + " PRIMARY KEY (store_id, order_no))",
                "ALTER TABLE " + name + ".orders REPLICA IDENTITY FULL",
                "INSERT INTO "
                        + name
                        + ".orders VALUES (1, 10, 12.50, 'a'), (1, 11, NULL, 'b'), (2, 20, 3.00, 'c')");
        connect.configureConnector(
                name + "-source", DebeziumConfigs.postgres(pg, name, name + ".orders"));
        LocalDynamoDb dynamo = LocalServers.dynamoDb();
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.sink.dynamodb.DynamoDbSinkConnector");
        sink.put("topics", name + "." + name + ".orders");
        sink.put("dynamodb.endpoint.url", dynamo.endpoint().toString());
        sink.put("aws.region", LocalDynamoDb.REGION.id());
        sink.put("aws.access.key.id", LocalDynamoDb.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalDynamoDb.SECRET_KEY);
        sink.put("target.table.prep.mode", "DROP_AND_CREATE");
        connect.configureConnector(name + "-sink", sink);
        try (DynamoDbClient client = dynamo.client()) {
            TestUtils.waitForCondition(
                    () -> items(client).size() == 3, 60_000, () -> "items: " + items(client));
            pg.execute(
                    "UPDATE "
                            + name
                            + ".orders SET note = 'a2', amount = 13.10 WHERE order_no = 10",
                    "UPDATE " + name + ".orders SET order_no = 21 WHERE order_no = 20",
                    "DELETE FROM " + name + ".orders WHERE order_no = 11");
            Map<String, String> expected = Map.of("1/10", "13.1|a2", "2/21", "3|c");
            TestUtils.waitForCondition(
                    () -> expected.equals(items(client)), 60_000, () -> "items: " + items(client));
        }
        connect.deleteConnector(name + "-source");
        connect.deleteConnector(name + "-sink");
    }

    /** Items as store/order → amount|note (amount absent when NULL). */
    private static Map<String, String> items(DynamoDbClient client) {
        Map<String, String> items = new TreeMap<>();
        try {
            client.scanPaginator(b -> b.tableName("orders"))
                    .items()
                    .forEach(
                            item ->
                                    items.put(
                                            item.get("store_id").n()
                                                    + "/"
                                                    + item.get("order_no").n(),
                                            text(item.get("amount"))
                                                    + "|"
                                                    + text(item.get("note"))));
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return items;
    }

    private static String text(AttributeValue value) {
        return value == null ? "" : value.n() != null ? value.n() : value.s();
    }
}
