package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ChangeRecordTest {
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("id", Schema.INT32_SCHEMA)
                    .field(ChangeRecord.DELETED_FIELD, Schema.OPTIONAL_STRING_SCHEMA)
                    .build();
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();
    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA);

    private static SinkRecord record(Object value, Schema schema) {
        Struct key = new Struct(KEY).put("id", 7);
        return new SinkRecord("t", 0, KEY, key, schema, value, 0);
    }

    @Test
    void anEnvelopeGivesItsImagesSourceAndCommitTime() {
        Struct before = new Struct(ROW).put("id", 7);
        Struct after = new Struct(ROW).put("id", 8);
        Struct source = new Struct(SOURCE).put("schema", "s").put("table", "t").put("ts_ms", 1000L);
        Struct event =
                new Struct(ENVELOPE)
                        .put("before", before)
                        .put("after", after)
                        .put("source", source)
                        .put("op", "u");
        ChangeRecord change = ChangeRecord.of(record(event, ENVELOPE));
        assertEquals(Operation.UPDATE, change.operation());
        assertSame(before, change.before());
        assertSame(after, change.row());
        assertEquals(Optional.of(new TableId("s", "t")), change.source());
        assertEquals(Optional.of(Instant.ofEpochSecond(1)), change.commitTime());
    }

    @Test
    void aTombstoneIsADeleteByKey() {
        ChangeRecord change = ChangeRecord.of(record(null, null));
        assertEquals(Operation.DELETE, change.operation());
        assertEquals(7, ((Struct) change.key()).get("id"));
        assertNull(change.row());
    }

    @Test
    void aFlatRowIsAnUpsertUnlessMarkedDeleted() {
        Struct row = new Struct(ROW).put("id", 7);
        assertEquals(Operation.UPDATE, ChangeRecord.of(record(row, ROW)).operation());
        Struct deleted = new Struct(ROW).put("id", 7).put(ChangeRecord.DELETED_FIELD, "true");
        ChangeRecord change = ChangeRecord.of(record(deleted, ROW));
        assertEquals(Operation.DELETE, change.operation());
        assertSame(deleted, change.before());
    }

    @Test
    void theTargetComesFromTheMappingHeaders() {
        SinkRecord record = record(new Struct(ROW).put("id", 1), ROW);
        ConnectHeaders headers = new ConnectHeaders();
        TableHeaders.write(headers, new TableId("src", "customers"), new TableId("dw", "customer"));
        SinkRecord mapped =
                record.newRecord("t", 0, KEY, record.key(), ROW, record.value(), 0L, headers);
        assertEquals(Optional.of(new TableId("dw", "customer")), ChangeRecord.of(mapped).target());
    }

    @Test
    void aMappedTombstoneKeepsItsSourceTable() {
        ConnectHeaders headers = new ConnectHeaders();
        TableHeaders.write(headers, new TableId("src", "customers"), new TableId("dw", "customer"));
        SinkRecord tombstone = new SinkRecord("t", 0, KEY, null, null, null, 0, 0L, null, headers);
        assertEquals(
                Optional.of(new TableId("src", "customers")), ChangeRecord.of(tombstone).source());
        assertEquals(Optional.empty(), ChangeRecord.of(record(null, null)).source());
    }
}
