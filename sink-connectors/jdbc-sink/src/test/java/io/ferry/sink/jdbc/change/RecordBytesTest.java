package io.ferry.sink.jdbc.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordBytesTest {
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .field("id", Schema.INT64_SCHEMA)
                    .field("text", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
                    .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct().field("before", ROW).field("after", ROW).build();

    @Test
    void countsEveryValueInsideTheEnvelopeOnTheHighSide() {
        Struct row =
                new Struct(ROW)
                        .put("id", 1L)
                        .put("text", "é".repeat(10_000))
                        .put("blob", new byte[50_000])
                        .put("tags", List.of("a".repeat(1_000)));
        Struct envelope = new Struct(ENVELOPE).put("after", row);
        SinkRecord record = new SinkRecord("t", 0, null, 1L, ENVELOPE, envelope, 0);
        long bytes = RecordBytes.estimate(record);
        // Two bytes a character whatever the string's coding, every byte of the blob; twice, for
        // the bytes the record was consumed as.
        long values = 2 * 10_000 + 50_000 + 2 * 1_000;
        assertTrue(bytes >= 2 * values, Long.toString(bytes));
        assertTrue(bytes < 3 * values, Long.toString(bytes));
    }

    @Test
    void aTombstoneIsTheRecordAndItsKeyTwice() {
        SinkRecord tombstone = new SinkRecord("t", 0, null, "k".repeat(100), null, null, 0);
        assertEquals(64, RecordBytes.estimate(tombstone) - 2 * RecordBytes.of("k".repeat(100)));
    }

    @Test
    void headersCount() {
        SinkRecord record = new SinkRecord("t", 0, null, null, null, null, 0);
        long bare = RecordBytes.estimate(record);
        record.headers().addString("trace", "x".repeat(1_000));
        assertTrue(RecordBytes.estimate(record) - bare >= 2 * 2 * 1_000);
    }
}
