package io.ferry.sink.s3.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableId;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {
    private static final TableId ORDERS = new TableId("sales", "orders");
    private static final TopicPartition TOPIC = new TopicPartition("shop.sales.orders", 0);

    @Test
    void fullLoadFilesCountInHexadecimalThenNameTheirFirstRecord() {
        ObjectNames names = new ObjectNames("lake", ".csv", ZoneOffset.UTC);
        // cae03cd5: the first 8 hex digits of `printf shop.sales.orders | sha256sum`.
        assertEquals(
                "lake/sales/orders/LOAD00000009-cae03cd5-0-0000000007-0000000001.csv",
                names.load(ORDERS, 9, TOPIC, 7, 1));
        assertEquals(
                "lake/sales/orders/LOAD0000000A-cae03cd5-0-0000000008-0000000001.csv",
                names.load(ORDERS, 10, TOPIC, 8, 1));
        assertEquals(
                "lake/sales/orders/LOAD00000010-cae03cd5-0-0000000009-0000000001.csv",
                names.load(ORDERS, 16, TOPIC, 9, 1));
    }

    @Test
    void aTablesFilesAreItsOwnAndItsDatePartitionsNotAnotherTablesUnderIt() {
        ObjectNames names = new ObjectNames("lake", ".csv", ZoneOffset.UTC);
        String folder = names.tableFolder(ORDERS);
        assertEquals("lake/sales/orders/", folder);
        for (String key :
                new String[] {
                    "lake/sales/orders/LOAD00000001-cae03cd5-0-0000000000.csv",
                    "lake/sales/orders/2022/05/21/20220521-145815742-cae03cd5-0-0000000300.csv",
                    "lake/sales/orders/2022-05-21-14/x.csv",
                    "lake/sales/orders/20220521_14/x.csv"
                }) {
            assertTrue(ObjectNames.isTableFile(folder, key), key);
        }
        for (String key :
                new String[] {
                    "lake/sales/orders_old/LOAD00000001.csv",
                    "lake/sales/orders/archive/LOAD00000001.csv",
                    "lake/sales/orders/",
                    "lake/_ferry/c/shop.sales.orders/0.properties"
                }) {
            assertFalse(ObjectNames.isTableFile(folder, key), key);
        }
    }

    @Test
    void cdcFilesAreNamedByCommitTimeInTheZone() {
        ObjectNames names = new ObjectNames("", ".csv.gz", ZoneId.of("Asia/Seoul"));
        Instant commit = Instant.parse("2022-05-21T05:58:15.742Z");
        assertEquals(
                "sales/orders/2022/05/21/20220521-145815742-cae03cd5-0-0000000300-0000000002.csv.gz",
                names.cdc(ORDERS, "2022/05/21", commit, TOPIC, 300, 2));
    }

    @Test
    void filesOfOneCommitTimeOrOneTableFromTwoTopicsAreNamedApart() {
        ObjectNames names = new ObjectNames("lake/", ".csv", ZoneOffset.UTC);
        Instant commit = Instant.parse("2022-05-21T05:58:15.742Z");
        // One transaction filling two files: the same commit time, other first offsets.
        assertNotEquals(
                names.cdc(ORDERS, "", commit, TOPIC, 0, 1),
                names.cdc(ORDERS, "", commit, TOPIC, 25, 1));
        // Two source tables renamed into one target table: other topics, same counter.
        assertEquals(
                "lake/sales/orders/LOAD00000001-202a4bbd-0-0000000000-0000000001.csv",
                names.load(ORDERS, 1, new TopicPartition("pg.sales.orders", 0), 0, 1));
        // Another partition of one topic.
        assertEquals(
                "lake/sales/orders/LOAD00000001-cae03cd5-3-0000000000-0000000001.csv",
                names.load(ORDERS, 1, new TopicPartition(TOPIC.topic(), 3), 0, 1));
    }

    @Test
    void aNewOwnersFileSortsAfterTheOldOwnersFileOfTheSameRecords() {
        ObjectNames names = new ObjectNames("lake", ".csv", ZoneOffset.UTC);
        Instant commit = Instant.parse("2022-05-21T05:58:15.742Z");
        String old = names.cdc(ORDERS, "", commit, TOPIC, 300, 9);
        String next = names.cdc(ORDERS, "", commit, TOPIC, 300, 10);
        assertNotEquals(old, next);
        assertTrue(old.compareTo(next) < 0, old + " sorts before " + next);
    }

    @Test
    void aTruncateKeepsOnlyThisPartitionsFilesOfLaterChanges() {
        ObjectNames names = new ObjectNames("lake", ".csv", ZoneOffset.UTC);
        Instant commit = Instant.parse("2022-05-21T05:58:15.742Z");
        assertTrue(
                ObjectNames.startsAfter(
                        names.cdc(ORDERS, "2022/05/21", commit, TOPIC, 301, 1), TOPIC, 300));
        assertFalse(
                ObjectNames.startsAfter(names.cdc(ORDERS, "", commit, TOPIC, 300, 1), TOPIC, 300));
        assertFalse(ObjectNames.startsAfter(names.load(ORDERS, 1, TOPIC, 12, 1), TOPIC, 300));
        TopicPartition other = new TopicPartition(TOPIC.topic(), 1);
        assertFalse(
                ObjectNames.startsAfter(names.cdc(ORDERS, "", commit, other, 301, 1), TOPIC, 300));
        assertFalse(ObjectNames.startsAfter("lake/sales/orders/LOAD00000001.csv", TOPIC, 300));
    }
}
