package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

    private static SinkRecord event(String op, Map<String, Object> source) {
        Map<String, Object> value = new HashMap<>();
        value.put("op", op);
        value.put("after", Map.of("id", 1));
        value.put("source", source);
        return new SinkRecord("t", 0, null, null, null, value, 0);
    }

    private static Map<String, Object> postgres(String snapshot, Long lastCommit, long lsn) {
        Map<String, Object> source = new HashMap<>();
        source.put("connector", "postgresql");
        source.put("name", "ferry");
        source.put("snapshot", snapshot);
        source.put("lsn", lsn);
        source.put(
                "sequence",
                "["
                        + (lastCommit == null ? "null" : "\"" + lastCommit + "\"")
                        + ",\""
                        + lsn
                        + "\"]");
        return source;
    }

    private static Map<String, Object> binlog(String file, long pos, int row, long server) {
        Map<String, Object> source = new HashMap<>();
        source.put("connector", "mysql");
        source.put("name", "ferry");
        source.put("snapshot", "false");
        source.put("file", file);
        source.put("pos", pos);
        source.put("row", row);
        source.put("server_id", server);
        return source;
    }

    private static SourcePosition of(SinkRecord record) {
        return SourcePosition.of(record).orElseThrow();
    }

    /** Issue 16, item 6: $AR_H_STREAM_POSITION sorts as text in log order, per engine. */
    @Test
    void streamTextSortsInLogOrderForEveryEngine() {
        String loaded = SourcePosition.streamText(postgres("true", null, 0x20L)).orElseThrow();
        String early = SourcePosition.streamText(postgres("false", 0x9L, 0x10L)).orElseThrow();
        // Written early in a transaction that committed late: after the other, by commit.
        String late =
                SourcePosition.streamText(postgres("false", 0x16B3000000L, 0x12L)).orElseThrow();
        assertEquals("00000000/00000009:00000000/00000010", early);
        assertEquals("00000016/B3000000:00000000/00000012", late);
        assertTrue(loaded.compareTo(early) < 0, "snapshot rows first");
        assertTrue(early.compareTo(late) < 0);
        String low = SourcePosition.streamText(binlog("mysql-bin.000024", 373, 2, 1)).orElseThrow();
        String high =
                SourcePosition.streamText(binlog("mysql-bin.000024", 373, 10, 1)).orElseThrow();
        String higher =
                SourcePosition.streamText(binlog("mysql-bin.000024", 1000, 0, 1)).orElseThrow();
        assertEquals("mysql-bin.000024:00000000000000000373:00000000000000000002", low);
        assertTrue(low.compareTo(high) < 0, "row 2 before row 10, as text too");
        assertTrue(high.compareTo(higher) < 0, "373 before 1000, as text too");

        Map<String, Object> sqlServer = new HashMap<>();
        sqlServer.put("connector", "sqlserver");
        sqlServer.put("change_lsn", "0000002b:00000f18:0002");
        sqlServer.put("commit_lsn", "0000002b:00000f20:0001");
        assertEquals(
                Optional.of("0000002b:00000f20:0001:0000002b:00000f18:0002"),
                SourcePosition.streamText(sqlServer));
        Map<String, Object> snapshot = new HashMap<>(sqlServer);
        snapshot.remove("change_lsn");
        assertTrue(
                SourcePosition.streamText(snapshot)
                                .orElseThrow()
                                .compareTo(SourcePosition.streamText(sqlServer).orElseThrow())
                        < 0,
                "a snapshot row sorts before the changes of its LSN");

        Map<String, Object> oracle = new HashMap<>();
        oracle.put("connector", "oracle");
        oracle.put("scn", "86409924");
        oracle.put("commit_scn", "86409930");
        Map<String, Object> later = new HashMap<>(oracle);
        later.put("scn", "100000000");
        later.put("commit_scn", "100000001");
        String first = SourcePosition.streamText(oracle).orElseThrow();
        assertEquals("00000000000086409930:00000000000086409924", first);
        assertTrue(first.compareTo(SourcePosition.streamText(later).orElseThrow()) < 0);
        assertEquals(Optional.empty(), SourcePosition.streamText(Map.of("connector", "db2")));
    }

    @Test
    void postgresOrdersByTheTransactionBeforeThenTheChange() {
        // A change written early in a transaction that commits late has a low LSN but follows
        // every change of the transactions committed before it.
        SourcePosition early = of(event("u", postgres("false", 9_000L, 500)));
        SourcePosition committedBefore = of(event("u", postgres("false", 8_000L, 8_500)));
        assertTrue(early.isAfter(committedBefore));
        assertTrue(
                of(event("u", postgres("false", 9_000L, 501))).isAfter(early),
                "two changes of one transaction");
        assertEquals("postgresql:ferry", early.stream());
    }

    @Test
    void snapshotRowsComeBeforeEveryStreamedChange() {
        SourcePosition snapshot = of(event("r", postgres("last", null, 10_000)));
        SourcePosition streamed = of(event("c", postgres("false", null, 9_000)));
        assertTrue(streamed.isAfter(snapshot));
        assertFalse(snapshot.isAfter(streamed));
        SourcePosition incremental = of(event("r", postgres("incremental", 9_500L, 9_600)));
        assertTrue(incremental.isAfter(streamed), "incremental chunks are read while streaming");
    }

    @Test
    void binlogOrdersByFileThenEventThenRow() {
        SourcePosition a = of(event("u", binlog("mysql-bin.000009", 900_000, 3, 1)));
        SourcePosition b = of(event("u", binlog("mysql-bin.000010", 4, 0, 1)));
        SourcePosition c = of(event("u", binlog("mysql-bin.000010", 4, 1, 1)));
        assertTrue(b.isAfter(a));
        assertTrue(c.isAfter(b));
        assertEquals("mysql:ferry:1", a.stream());
    }

    @Test
    void aKeyChangeSentAsADeleteAndACreateAtOnePositionKeepsTheirOrder() {
        SourcePosition delete = of(event("d", binlog("mysql-bin.000010", 4, 0, 1)));
        SourcePosition create = of(event("c", binlog("mysql-bin.000010", 4, 0, 1)));
        assertTrue(create.isAfter(delete));
    }

    @Test
    void anotherServerIsAnotherStream() {
        SourcePosition primary = of(event("u", binlog("mysql-bin.000010", 4, 0, 1)));
        SourcePosition replica = of(event("u", binlog("mysql-bin.000002", 4, 0, 2)));
        assertFalse(primary.isAfter(replica));
        assertFalse(replica.isAfter(primary));
    }

    @Test
    void structEnvelopesAreReadToo() {
        Schema sourceSchema =
                SchemaBuilder.struct()
                        .field("connector", Schema.STRING_SCHEMA)
                        .field("name", Schema.STRING_SCHEMA)
                        .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                        .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
                        .build();
        Schema row = SchemaBuilder.struct().optional().field("id", Schema.INT32_SCHEMA).build();
        Schema envelope =
                SchemaBuilder.struct()
                        .field("before", row)
                        .field("after", row)
                        .field("source", sourceSchema)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Struct value =
                new Struct(envelope)
                        .put("after", new Struct(row).put("id", 1))
                        .put(
                                "source",
                                new Struct(sourceSchema)
                                        .put("connector", "postgresql")
                                        .put("name", "ferry")
                                        .put("snapshot", "false")
                                        .put("lsn", 255L)
                                        .put("sequence", "[\"16\",\"255\"]"))
                        .put("op", "c");
        SourcePosition position = of(new SinkRecord("t", 0, null, null, envelope, value, 0));
        assertEquals("1" + "0".repeat(14) + "10" + "0".repeat(14) + "ff" + "1", position.order());
    }

    @Test
    void recordsWithoutAReadableSourceHaveNone() {
        assertEquals(
                Optional.empty(),
                SourcePosition.of(new SinkRecord("t", 0, null, null, null, null, 0)));
        Map<String, Object> oracle = new HashMap<>(Map.of("connector", "oracle", "name", "n"));
        assertEquals(Optional.empty(), SourcePosition.of(event("u", oracle)));
        Map<String, Object> noLsn = postgres("false", null, 1);
        noLsn.remove("lsn");
        assertEquals(Optional.empty(), SourcePosition.of(event("u", noLsn)));
        assertEquals(Optional.empty(), SourcePosition.of(event("x", postgres("false", 1L, 2))));
    }

    @Test
    void kafkaPositionsOrderOnePartition() {
        SinkRecord ten = new SinkRecord("t", 3, null, null, null, null, 10);
        SinkRecord eleven = new SinkRecord("t", 3, null, null, null, null, 11);
        assertTrue(SourcePosition.ofKafka(eleven).isAfter(SourcePosition.ofKafka(ten)));
        SinkRecord other = new SinkRecord("t", 4, null, null, null, null, 11);
        assertFalse(SourcePosition.ofKafka(other).isAfter(SourcePosition.ofKafka(ten)));
        // Renamed by a transform: still the partition it was read from.
        SinkRecord renamed = eleven.newRecord("merged", 0, null, null, null, null, 0L);
        assertEquals(SourcePosition.ofKafka(eleven), SourcePosition.ofKafka(renamed));
    }
}
