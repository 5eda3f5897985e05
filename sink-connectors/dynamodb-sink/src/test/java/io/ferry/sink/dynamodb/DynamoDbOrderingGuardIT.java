package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Path 16: the ordering guard orders changes by their source position (here PostgreSQL LSNs), not
 * by Kafka offsets, which order one partition only — so a change is judged the same whichever
 * partition or topic brings it (after a repartition, two topics into one table, a recreated topic);
 * and a delete leaves a marker, so an older change arriving late cannot bring the item back.
 */
class DynamoDbOrderingGuardIT {
    private final DynamoFixture fixture = new DynamoFixture();
    private final DynamoDbSinkTask task =
            fixture.start(Map.of(DynamoDbSinkConfig.ORDERING_GUARD, "true"));

    @AfterEach
    void stop() {
        task.stop();
    }

    /** Debezium's topic of the test's table: a tombstone names its table only by the topic. */
    private String topic() {
        return "ferry.test." + fixture.table;
    }

    private String recreated() {
        return "ferry-v2.test." + fixture.table;
    }

    private Struct order(long no, String name) {
        return fixture.row(1, no, name, null, null);
    }

    private Map<String, Map<String, AttributeValue>> items() {
        return fixture.items(fixture.table, "OrderNo");
    }

    private String name(long order) {
        Map<String, AttributeValue> item = items().get(Long.toString(order));
        return item == null ? null : item.get("FirstName").s();
    }

    private List<Map<String, AttributeValue>> markers() {
        return fixture.client
                .query(
                        b ->
                                b.tableName(OrderingGuard.DELETES)
                                        .keyConditionExpression("#t = :t")
                                        .expressionAttributeNames(
                                                Map.of("#t", OrderingGuard.MARKER_TABLE))
                                        .expressionAttributeValues(
                                                Map.of(":t", AttributeValue.fromS(fixture.table))))
                .items();
    }

    @Test
    void aNewerChangeAtALowerOffsetOfAnotherPartitionIsApplied() {
        // The old topic's partition 3 is far along; the recreated topic starts again at 0.
        task.put(List.of(fixture.change(topic(), 3, 900, 200, "c", null, order(1, "at 200"))));
        task.put(
                List.of(
                        fixture.change(
                                "orders-v2",
                                0,
                                2,
                                300,
                                "u",
                                order(1, "at 200"),
                                order(1, "at 300"))));
        assertEquals("at 300", name(1));
        assertEquals(0, task.skippedWrites());
    }

    @Test
    void anOlderChangeAtAHigherOffsetOfAnotherPartitionIsSkippedAndCounted() {
        task.put(List.of(fixture.change(topic(), 0, 2, 300, "c", null, order(1, "at 300"))));
        task.put(
                List.of(
                        fixture.change(
                                "orders",
                                5,
                                900,
                                200,
                                "u",
                                order(1, "at 100"),
                                order(1, "at 200"))));
        assertEquals("at 300", name(1));
        assertEquals(1, task.skippedWrites());
    }

    @Test
    void aDeleteKeepsALateOlderChangeFromBringingTheItemBack() {
        task.put(
                List.of(
                        fixture.change(topic(), 0, 1, 100, "c", null, order(1, "at 100")),
                        fixture.change(topic(), 0, 2, 200, "d", order(1, "at 100"), null),
                        fixture.tombstone(topic(), 0, 3, 1)));
        assertNull(name(1));
        assertEquals(1, markers().size(), "the delete left its marker");
        // An update from before the delete, late from another partition.
        task.put(
                List.of(
                        fixture.change(
                                "orders", 1, 5, 150, "u", order(1, "at 100"), order(1, "at 150"))));
        assertNull(name(1), "an older change brought a deleted item back");
        assertEquals(1, task.skippedWrites());
        // A later insert of the same key is a new item, and clears the marker.
        task.put(List.of(fixture.change(topic(), 1, 6, 250, "c", null, order(1, "at 250"))));
        assertEquals("at 250", name(1));
        assertEquals(List.of(), markers());
    }

    @Test
    void aLateDeleteOlderThanTheItemIsSkipped() {
        task.put(List.of(fixture.change(topic(), 1, 0, 300, "c", null, order(1, "at 300"))));
        task.put(List.of(fixture.change(topic(), 0, 40, 200, "d", order(1, "at 100"), null)));
        assertEquals("at 300", name(1));
        assertEquals(List.of(), markers());
    }

    @Test
    void aTombstoneRightAfterItsDeleteIsNotALaterDelete() {
        task.put(List.of(fixture.change(topic(), 0, 10, 200, "d", order(1, "at 100"), null)));
        // Another partition's newer insert lands between the delete event and its tombstone.
        task.put(List.of(fixture.change(topic(), 1, 0, 300, "c", null, order(1, "at 300"))));
        task.put(List.of(fixture.tombstone(topic(), 0, 11, 1)));
        assertEquals("at 300", name(1));
        assertEquals(1, task.coveredTombstones());
    }

    @Test
    void aTombstoneAfterARestartDoesNotDeleteANewerItem() {
        task.put(List.of(fixture.change(topic(), 0, 10, 200, "d", order(1, "at 100"), null)));
        // The next task gets the tombstone first, its delete event long committed, after
        // another partition's newer insert.
        DynamoDbSinkTask next = fixture.start(Map.of(DynamoDbSinkConfig.ORDERING_GUARD, "true"));
        try {
            next.put(List.of(fixture.change(topic(), 1, 0, 300, "c", null, order(1, "at 300"))));
            next.put(List.of(fixture.tombstone(topic(), 0, 11, 1)));
        } finally {
            next.stop();
        }
        assertEquals("at 300", name(1));
    }

    @Test
    void withoutSourcePositionsTheKafkaOffsetOrdersAPartition() {
        // Rows flattened by an SMT, deletes as tombstones only.
        task.put(List.of(fixture.flattened(topic(), 0, 10, order(1, "first"))));
        task.put(List.of(fixture.flattened(topic(), 0, 9, order(1, "replayed"))));
        assertEquals("first", name(1));
        task.put(List.of(fixture.tombstone(topic(), 0, 11, 1)));
        assertNull(name(1));
        task.put(List.of(fixture.flattened(topic(), 0, 10, order(1, "replayed"))));
        assertNull(name(1), "a replayed row brought a deleted item back");
    }

    @Test
    void aReplayOfEverythingEndsInTheSameItems() {
        List<SinkRecord> changes =
                List.of(
                        fixture.change(topic(), 0, 0, 100, "c", null, order(1, "at 100")),
                        fixture.change(topic(), 0, 1, 110, "c", null, order(2, "at 110")),
                        fixture.change(
                                "orders", 0, 2, 120, "u", order(1, "at 100"), order(1, "at 120")),
                        fixture.change(topic(), 0, 3, 130, "d", order(2, "at 110"), null),
                        fixture.tombstone(topic(), 0, 4, 2),
                        fixture.change(topic(), 0, 5, 140, "c", null, order(3, "at 140")));
        task.put(changes);
        task.put(changes);
        assertEquals("at 120", name(1));
        assertNull(name(2));
        assertEquals("at 140", name(3));
    }

    @Test
    void aReloadThatEmptiesTheTableClearsItsMarkers() {
        task.put(
                List.of(
                        fixture.change(topic(), 0, 1, 100, "c", null, order(1, "at 100")),
                        fixture.change(topic(), 0, 2, 200, "d", order(1, "at 100"), null)));
        assertEquals(1, markers().size());
        // A new migration (new connector name) reloads the table: its snapshot rows sit before
        // every streamed position, so a marker left behind would hold them back.
        DynamoDbSinkTask reload =
                fixture.start(
                        Map.of(
                                "name",
                                "reload-" + fixture.table,
                                DynamoDbSinkConfig.ORDERING_GUARD,
                                "true",
                                DynamoDbSinkConfig.PREP_MODE,
                                "TRUNCATE_BEFORE_LOAD"));
        try {
            reload.put(List.of(fixture.change(topic(), 0, 0, 900, "r", null, order(1, "loaded"))));
        } finally {
            reload.stop();
        }
        assertEquals("loaded", name(1));
    }
}
