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

    /**
     * MariaDB → Debezium → TableMapping (lower-case names, a column removed) → DynamoDB with a DMS
     * object mapping (target table, partition and sort key, a templated attribute): after full load
     * and CDC the items are the source rows under the mapping.
     */
    @Test
    void mariaDbRowsMappedIntoItems() throws Exception {
        String name = "ddbm_" + converters().name().toLowerCase();
        LocalDatabase mariadb = LocalServers.mariadb();
        mariadb.execute(
                "DROP DATABASE IF EXISTS " + name,
                "CREATE DATABASE " + name,
                "CREATE TABLE "
                        + name
                        + ".Customers (Region VARCHAR(10), Id INT, First VARCHAR(20),"
                        + " Last VARCHAR(20), Secret VARCHAR(20), PRIMARY KEY (Region, Id))",
                "INSERT INTO "
                        + name
                        + ".Customers VALUES ('eu', 1, 'Ada', 'Lovelace', 'x'), ('us', 2,"
                        + " 'Grace', 'Hopper', 'y')");
        Map<String, String> source =
                DebeziumConfigs.mariadb(mariadb, connect, name, name + ".Customers");
        source.put("database.include.list", name);
        connect.configureConnector(name + "-source", source);
        LocalDynamoDb dynamo = LocalServers.dynamoDb();
        String target = name + "_customers";
        String mapping =
                ("{'rules':["
                                + "{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'transformation','rule-id':'3','rule-name':'3','rule-action':'convert-lowercase','rule-target':'column',"
                                + "'object-locator':{'schema-name':'%','table-name':'%','column-name':'%'}},"
                                + "{'rule-type':'transformation','rule-id':'2','rule-name':'2','rule-action':'remove-column','rule-target':'column',"
                                + "'object-locator':{'schema-name':'%','table-name':'%','column-name':'Secret'}},"
                                + "{'rule-type':'object-mapping','rule-id':'4','rule-name':'4','rule-action':'map-record-to-record',"
                                + "'object-locator':{'schema-name':'"
                                + name
                                + "','table-name':'Customers'},'target-table-name':'"
                                + target
                                + "',"
                                + "'mapping-parameters':{'partition-key-name':'region','sort-key-name':'id',"
                                + "'attribute-mappings':[{'target-attribute-name':'full_name','attribute-type':'scalar','attribute-sub-type':'string','value':'${first} ${last}'}]}}]}")
                        .replace('\'', '"');
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.sink.dynamodb.DynamoDbSinkConnector");
        sink.put("topics", name + "." + name + ".Customers");
        sink.put("dynamodb.endpoint.url", dynamo.endpoint().toString());
        sink.put("aws.region", LocalDynamoDb.REGION.id());
        sink.put("aws.access.key.id", LocalDynamoDb.ACCESS_KEY);
        sink.put("aws.secret.access.key", LocalDynamoDb.SECRET_KEY);
        sink.put("table.mappings", mapping);
        sink.put("transforms", "dms");
        sink.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        sink.put("transforms.dms.table.mappings", mapping);
        connect.configureConnector(name + "-sink", sink);
        try (DynamoDbClient client = dynamo.client()) {
            TestUtils.waitForCondition(
                    () -> mapped(client, target).size() == 2,
                    60_000,
                    () -> "items: " + mapped(client, target));
            mariadb.execute(
                    "UPDATE " + name + ".Customers SET Last = 'King' WHERE Id = 1",
                    "INSERT INTO " + name + ".Customers VALUES ('eu', 3, 'Alan', 'Turing', 'z')",
                    "DELETE FROM " + name + ".Customers WHERE Id = 2");
            Map<String, String> expected =
                    Map.of("eu/1", "Ada King|Ada|King", "eu/3", "Alan Turing|Alan|Turing");
            TestUtils.waitForCondition(
                    () -> expected.equals(mapped(client, target)),
                    60_000,
                    () -> "items: " + mapped(client, target));
        }
        connect.deleteConnector(name + "-source");
        connect.deleteConnector(name + "-sink");
    }

    /** Items as region/id → full_name|first|last; a secret attribute would show as a failure. */
    private static Map<String, String> mapped(DynamoDbClient client, String table) {
        Map<String, String> items = new TreeMap<>();
        try {
            client.scanPaginator(b -> b.tableName(table))
                    .items()
                    .forEach(
                            item -> {
                                if (item.containsKey("secret") || item.containsKey("Secret")) {
                                    throw new IllegalStateException(
                                            "a removed column reached DynamoDB: " + item);
                                }
                                items.put(
                                        item.get("region").s() + "/" + item.get("id").n(),
                                        text(item.get("full_name"))
                                                + "|"
                                                + text(item.get("first"))
                                                + "|"
                                                + text(item.get("last")));
                            });
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return items;
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
