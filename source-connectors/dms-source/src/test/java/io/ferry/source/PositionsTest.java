package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.dms.Engine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Native start points as Debezium offsets, and DMS stop positions. */
class PositionsTest {
    @Test
    void aPostgresLsnInEitherSpelling() {
        StartPosition start =
                StartPosition.parse(Engine.POSTGRES, "16/B374D848", "", "db1", List.of());
        assertEquals(List.of(Map.of("server", "db1")), start.partitions());
        assertEquals(Map.of("lsn", 0x16B374D848L), start.offset());
        assertEquals(0x16B374D848L, StartPosition.lsn(Long.toString(0x16B374D848L)));
        assertThrows(
                IllegalArgumentException.class,
                () -> StartPosition.parse(Engine.POSTGRES, "mysql-bin.1:4", "", "p", List.of()));
    }

    @Test
    void aBinlogPositionWithItsGtidsWhichMariaDbNeeds() {
        StartPosition mysql =
                StartPosition.parse(
                        Engine.MYSQL, "mysql-bin-changelog.000024:373", "", "p", List.of());
        assertEquals(Map.of("file", "mysql-bin-changelog.000024", "pos", 373L), mysql.offset());
        StartPosition maria =
                StartPosition.parse(
                        Engine.MARIADB, "binlog.000001:240580", "0-1-692", "p", List.of());
        assertEquals(
                Map.of("file", "binlog.000001", "pos", 240580L, "gtids", "0-1-692"),
                maria.offset());
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                StartPosition.parse(
                                        Engine.MARIADB, "binlog.000001:4", "", "p", List.of()));
        assertTrue(missing.getMessage().contains("cdc.start.gtid.set"), missing.getMessage());
    }

    @Test
    void sqlServerHasAPartitionPerDatabase() {
        StartPosition start =
                StartPosition.parse(
                        Engine.SQLSERVER, "0000002B:00000F20:0001", "", "p", List.of("a", "b"));
        assertEquals(
                List.of(
                        Map.of("server", "p", "database", "a"),
                        Map.of("server", "p", "database", "b")),
                start.partitions());
        assertEquals(Map.of("commit_lsn", "0000002b:00000f20:0001"), start.offset());
        assertEquals(
                Map.of("scn", "86409924"),
                StartPosition.parse(Engine.ORACLE, "86409924", "", "p", List.of()).offset());
    }

    @Test
    void stopPositionsAsDmsWritesThem() {
        StopPosition commit = StopPosition.parse("commit_time:2026-12-02T12:00:00");
        Instant at = Instant.parse("2026-12-02T12:00:00Z");
        assertFalse(commit.passedBy(at, Instant.MAX));
        assertTrue(commit.passedBy(at.plusMillis(1), Instant.MIN));
        StopPosition server = StopPosition.parse("server_time:2026-12-02T12:00:00Z");
        assertTrue(server.passedBy(null, at));
        assertFalse(server.passedBy(null, at.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> StopPosition.parse("lsn:0/1"));
        assertThrows(IllegalArgumentException.class, () -> StopPosition.parse("commit_time:noon"));
    }
}
