package io.ferry.sink.s3.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.common.TableId;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {
    private static final TableId ORDERS = new TableId("sales", "orders");

    @Test
    void fullLoadFilesCountInHexadecimal() {
        ObjectNames names = new ObjectNames("lake", ".csv", ZoneOffset.UTC);
        assertEquals("lake/sales/orders/LOAD00000009.csv", names.load(ORDERS, 9, 0));
        assertEquals("lake/sales/orders/LOAD0000000A.csv", names.load(ORDERS, 10, 0));
        assertEquals("lake/sales/orders/LOAD00000010.csv", names.load(ORDERS, 16, 0));
    }

    @Test
    void cdcFilesAreNamedByCommitTimeInTheZone() {
        ObjectNames names = new ObjectNames("", ".csv.gz", ZoneId.of("Asia/Seoul"));
        Instant commit = Instant.parse("2022-05-21T05:58:15.742Z");
        assertEquals(
                "sales/orders/2022/05/21/20220521-145815742.csv.gz",
                names.cdc(ORDERS, "2022/05/21", commit, 0, 0));
        assertEquals(
                "sales/orders/20220521-145815742-2.csv.gz", names.cdc(ORDERS, "", commit, 2, 0));
    }

    @Test
    void laterKafkaPartitionsNameTheirFilesApart() {
        ObjectNames names = new ObjectNames("lake/", ".csv", ZoneOffset.UTC);
        assertEquals("lake/sales/orders/LOAD00000001-3.csv", names.load(ORDERS, 1, 3));
    }
}
