package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferry.common.TableId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** DMS's per-table state and DDL count, from the events Debezium emits. */
class CaptureMetricsTest {
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .name("io.debezium.connector.mariadb.Source")
                    .field("db", Schema.STRING_SCHEMA)
                    .field("table", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();
    private static final Schema ROW =
            SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .name("shop.migrate.orders.Envelope")
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();
    private static final Schema TABLE_CHANGE =
            SchemaBuilder.struct()
                    .field("type", Schema.STRING_SCHEMA)
                    .field("id", Schema.STRING_SCHEMA)
                    .build();
    private static final Schema SCHEMA_CHANGE =
            SchemaBuilder.struct()
                    .name("io.debezium.connector.mariadb.SchemaChangeValue")
                    .field("source", SOURCE)
                    .field("ddl", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("tableChanges", SchemaBuilder.array(TABLE_CHANGE).build())
                    .build();
    private static final TableId ORDERS = new TableId("migrate", "orders");

    private static SourceRecord event(String op, String snapshot, int id) {
        Struct source =
                new Struct(SOURCE)
                        .put("db", "migrate")
                        .put("table", "orders")
                        .put("snapshot", snapshot)
                        .put("ts_ms", 1_000L);
        Struct value =
                new Struct(ENVELOPE)
                        .put("after", new Struct(ROW).put("id", id))
                        .put("source", source)
                        .put("op", op);
        return new SourceRecord(Map.of(), Map.of(), "shop.migrate.orders", ENVELOPE, value);
    }

    /**
     * Connect may start a task again on a worker before the old instance's metrics are closed: the
     * new one still starts, and takes the metrics over once they are free.
     */
    @Test
    void aTaskStartedAgainBeforeItsOldMetricsAreClosedTakesThemOverLater() throws Exception {
        try (Metrics registry = new Metrics()) {
            Map<String, String> tags = Map.of("connector", "c", "task", "0");
            PluginMetricsImpl oldPlugin = new PluginMetricsImpl(registry, tags);
            CaptureMetrics old = new CaptureMetrics(oldPlugin, CaptureMetrics.State.CAPTURING);
            old.record(event("c", null, 1), Instant.ofEpochMilli(1_000));
            PluginMetricsImpl newPlugin = new PluginMetricsImpl(registry, tags);
            CaptureMetrics fresh = new CaptureMetrics(newPlugin, CaptureMetrics.State.LOADING);
            fresh.record(event("r", "true", 1), Instant.ofEpochMilli(2_000));
            MetricName state =
                    newPlugin.metricName("migration-state", "", new java.util.LinkedHashMap<>());
            assertEquals("CAPTURING", registry.metric(state).metricValue(), "still the old one's");
            oldPlugin.close();
            fresh.record(event("r", "true", 2), Instant.ofEpochMilli(4_000));
            assertEquals("LOADING", registry.metric(state).metricValue());
            Map<String, String> table = new java.util.LinkedHashMap<>(tags);
            table.put("schema", "migrate");
            table.put("table", "orders");
            assertEquals(
                    2L,
                    registry.metric(registry.metricName("full-load-rows", "plugins", "", table))
                            .metricValue());
        }
    }

    @Test
    void aTableIsInFullLoadUntilItsLastSnapshotRowThenCompleted() {
        CaptureMetrics metrics = new CaptureMetrics(null, CaptureMetrics.State.LOADING);
        assertNull(metrics.tableState(ORDERS));
        metrics.record(event("r", "first_in_data_collection", 1), Instant.now());
        metrics.record(event("r", "true", 2), Instant.now());
        assertEquals("Full load", metrics.tableState(ORDERS));
        metrics.record(event("r", "last_in_data_collection", 3), Instant.now());
        assertEquals("Table completed", metrics.tableState(ORDERS));
        metrics.record(event("c", "false", 4), Instant.now());
        assertEquals("Table completed", metrics.tableState(ORDERS));
    }

    private static SourceRecord schemaChange(String snapshot) {
        Struct source =
                new Struct(SOURCE).put("db", "migrate").put("snapshot", snapshot).put("ts_ms", 1L);
        Struct change =
                new Struct(SCHEMA_CHANGE)
                        .put("source", source)
                        .put("ddl", "ALTER TABLE orders ADD COLUMN note INT")
                        .put(
                                "tableChanges",
                                List.of(
                                        new Struct(TABLE_CHANGE)
                                                .put("type", "ALTER")
                                                .put("id", "\"migrate\".\"orders\"")));
        return new SourceRecord(Map.of(), Map.of(), "shop", SCHEMA_CHANGE, change);
    }

    @Test
    void schemaChangeEventsCountAsDdlsOfTheTablesTheyName() {
        CaptureMetrics metrics = new CaptureMetrics(null, CaptureMetrics.State.CAPTURING);
        metrics.record(schemaChange("false"), Instant.now());
        assertEquals(1, metrics.ddls(ORDERS));
        assertEquals(0, metrics.ddls(new TableId("migrate", "customers")));
    }

    @Test
    void theSnapshotsReplayOfTableDefinitionsIsNotCounted() {
        CaptureMetrics metrics = new CaptureMetrics(null, CaptureMetrics.State.LOADING);
        metrics.record(schemaChange("true"), Instant.now());
        assertEquals(0, metrics.ddls(ORDERS));
    }

    /**
     * Issue 17: an idle source's latency is not the last change's for ever; each heartbeat (sent
     * while Debezium reads the log) brings it to the heartbeat's age.
     */
    @Test
    void anIdleSourcesLatencyFollowsItsHeartbeats() {
        CaptureMetrics metrics = new CaptureMetrics(null, CaptureMetrics.State.CAPTURING);
        Instant now = Instant.ofEpochMilli(104_000);
        metrics.record(event("c", "false", 1), now); // committed at 1 000 ms
        assertEquals(103_000, metrics.sourceLagMs());
        Schema heartbeat =
                SchemaBuilder.struct()
                        .name("io.debezium.connector.common.Heartbeat")
                        .field("ts_ms", Schema.INT64_SCHEMA)
                        .build();
        metrics.record(
                new SourceRecord(
                        Map.of(),
                        Map.of(),
                        "__debezium-heartbeat.shop",
                        heartbeat,
                        new Struct(heartbeat).put("ts_ms", 103_750L)),
                now);
        assertEquals(250, metrics.sourceLagMs());
    }
}
