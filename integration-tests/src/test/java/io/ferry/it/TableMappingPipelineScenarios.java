package io.ferry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import io.ferry.testing.TopicReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL and MariaDB → Debezium → TableMapping (loaded from its plugin archive) in an embedded
 * Connect cluster, with the seed's mapping: a schema selected with {@code %}, one table excluded,
 * names lower-cased, a source filter, and two add-column rules (the source position, and an
 * expression over source columns). The mapped topics get exactly the selected rows, with lower-case
 * columns and the target-table headers; the excluded table never reaches Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TableMappingPipelineScenarios {
    private static final String MAPPING =
            "{\"rules\":["
                    + "{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\","
                    + "\"object-locator\":{\"schema-name\":\"Sales_IT\",\"table-name\":\"%\"},\"rule-action\":\"include\","
                    + "\"filters\":[{\"filter-type\":\"source\",\"column-name\":\"Status\","
                    + "\"filter-conditions\":[{\"filter-operator\":\"noteq\",\"value\":\"TEST\"}]}]},"
                    + "{\"rule-type\":\"selection\",\"rule-id\":\"2\",\"rule-name\":\"2\","
                    + "\"object-locator\":{\"schema-name\":\"Sales_IT\",\"table-name\":\"Audit_Log\"},\"rule-action\":\"exclude\"},"
                    + "{\"rule-type\":\"transformation\",\"rule-id\":\"6\",\"rule-name\":\"6\",\"rule-action\":\"convert-lowercase\","
                    + "\"rule-target\":\"schema\",\"object-locator\":{\"schema-name\":\"%\"}},"
                    + "{\"rule-type\":\"transformation\",\"rule-id\":\"7\",\"rule-name\":\"7\",\"rule-action\":\"convert-lowercase\","
                    + "\"rule-target\":\"table\",\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"%\"}},"
                    + "{\"rule-type\":\"transformation\",\"rule-id\":\"8\",\"rule-name\":\"8\",\"rule-action\":\"convert-lowercase\","
                    + "\"rule-target\":\"column\",\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"%\",\"column-name\":\"%\"}},"
                    + "{\"rule-type\":\"transformation\",\"rule-id\":\"9\",\"rule-name\":\"9\",\"rule-action\":\"add-column\","
                    + "\"rule-target\":\"column\",\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"%\"},"
                    + "\"value\":\"transact_id\",\"expression\":\"$AR_H_STREAM_POSITION\",\"data-type\":{\"type\":\"string\",\"length\":50}},"
                    + "{\"rule-type\":\"transformation\",\"rule-id\":\"10\",\"rule-name\":\"10\",\"rule-action\":\"add-column\","
                    + "\"rule-target\":\"column\",\"object-locator\":{\"schema-name\":\"%\",\"table-name\":\"%\"},"
                    + "\"value\":\"summary\",\"expression\":\"lower($Status)||':'||$Id\",\"data-type\":{\"type\":\"string\",\"length\":30}}"
                    + "]}";

    private EmbeddedConnectCluster connect;

    /** The record format the worker runs with. */
    abstract Converters converters();

    @BeforeAll
    void start() {
        Map<String, String> worker = new HashMap<>(converters().workerProps());
        worker.put("plugin.path", ConnectClusters.pluginPath().toString());
        connect = ConnectClusters.start("table-mapping", 1, worker);
    }

    @AfterAll
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void postgres() throws Exception {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS \"Sales_IT\" CASCADE",
                "CREATE SCHEMA \"Sales_IT\"",
                "CREATE TABLE \"Sales_IT\".\"Orders\" (\"Id\" INT PRIMARY KEY, \"Amount\" NUMERIC(10,2), \"Status\" VARCHAR(10))",
                "CREATE TABLE \"Sales_IT\".\"Audit_Log\" (\"Id\" INT PRIMARY KEY, \"Status\" VARCHAR(10))",
                "INSERT INTO \"Sales_IT\".\"Orders\" VALUES (1, 10.50, 'NEW'), (2, 3.00, 'TEST')");
        Map<String, String> config = DebeziumConfigs.postgres(pg, "tmpg", "unused");
        config.remove("table.include.list");
        config.put("schema.include.list", "Sales_IT");
        run(
                "tmpg",
                config,
                pg,
                "\"Sales_IT\".\"Orders\"",
                "\"Sales_IT\".\"Audit_Log\"",
                "\"Id\"",
                "\"Status\"");
    }

    @Test
    void mariadb() throws Exception {
        LocalDatabase mdb = LocalServers.mariadb();
        mdb.execute(
                "DROP DATABASE IF EXISTS Sales_IT",
                "CREATE DATABASE Sales_IT",
                "CREATE TABLE Sales_IT.Orders (Id INT PRIMARY KEY, Amount DECIMAL(10,2), Status VARCHAR(10))",
                "CREATE TABLE Sales_IT.Audit_Log (Id INT PRIMARY KEY, Status VARCHAR(10))",
                "INSERT INTO Sales_IT.Orders VALUES (1, 10.50, 'NEW'), (2, 3.00, 'TEST')");
        Map<String, String> config = DebeziumConfigs.mariadb(mdb, connect, "tmmdb", "unused");
        config.remove("table.include.list");
        config.put("database.include.list", "Sales_IT");
        run("tmmdb", config, mdb, "Sales_IT.Orders", "Sales_IT.Audit_Log", "Id", "Status");
    }

    private void run(
            String prefix,
            Map<String, String> config,
            LocalDatabase db,
            String orders,
            String audit,
            String id,
            String status)
            throws Exception {
        config.put("transforms", "dms");
        config.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        config.put("transforms.dms.table.mappings", MAPPING);
        connect.configureConnector(prefix, config);
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(prefix, 1, "not running");
        String topic = prefix + ".sales_it.orders";
        TopicReader.values(connect, topic, 1, converters().valueConverter());

        db.execute(
                "INSERT INTO " + audit + " VALUES (1, 'NEW')",
                "INSERT INTO " + orders + " VALUES (3, 7.25, 'NEW')",
                "INSERT INTO " + orders + " VALUES (4, 1.00, 'TEST')",
                "UPDATE " + orders + " SET " + status + " = 'PAID' WHERE " + id + " = 1");

        List<Struct> events = new ArrayList<>();
        for (Object value : TopicReader.values(connect, topic, 3, converters().valueConverter())) {
            events.add((Struct) value);
        }
        assertEquals(List.of("r", "c", "u"), events.stream().map(e -> e.getString("op")).toList());
        assertEquals(
                List.of(1, 3, 1),
                events.stream().map(e -> e.getStruct("after").getInt32("id")).toList());
        Struct inserted = events.get(1).getStruct("after");
        Struct updated = events.get(2).getStruct("after");
        assertEquals("PAID", updated.getString("status"));
        assertNull(inserted.schema().field("Amount"));
        assertNotNull(inserted.schema().field("amount"));
        assertEquals("new:3", inserted.getString("summary"));
        assertEquals("paid:1", updated.getString("summary"));
        // Issue 16, item 6: $AR_H_STREAM_POSITION sorts as text in the log's order.
        String position = inserted.getString("transact_id");
        assertTrue(
                position.matches("[0-9A-F]{8}/[0-9A-F]{8}:[0-9A-F]{8}/[0-9A-F]{8}")
                        || position.matches(".+\\.[0-9]+:[0-9]{20}:[0-9]{20}"),
                position);
        assertTrue(position.compareTo(updated.getString("transact_id")) < 0, position);
        ConsumerRecord<byte[], byte[]> first =
                connect.kafka().consume(1, 10_000, topic).iterator().next();
        assertEquals("sales_it", header(first, "ferry.target.schema"));
        assertEquals("orders", header(first, "ferry.target.table"));
        try (Admin admin = connect.kafka().createAdminClient()) {
            Set<String> topics = admin.listTopics().names().get();
            assertFalse(
                    topics.stream().anyMatch(t -> t.toLowerCase().contains("audit_log")),
                    topics.toString());
            assertFalse(topics.contains(prefix + ".Sales_IT.Orders"), topics.toString());
        }
        connect.deleteConnector(prefix);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null
                ? null
                : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
