package io.ferry.sink.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Debezium change events for one table, built the way Debezium shapes them: key struct of the key
 * columns, envelope with before, after, source and op, a tombstone after each delete.
 */
final class Events {
    private final String topic;
    private final Schema row;
    private final Schema key;
    private final Schema envelope;
    private final List<String> keyColumns;
    private final boolean logged;
    private long offset;
    private long lsn = 1_000;
    private long timeMillis;

    Events(String topic, Schema row, List<String> keyColumns) {
        this(topic, row, keyColumns, false);
    }

    /**
     * @param logged each event carries its PostgreSQL log position, as Debezium's do: connector,
     *     server name, LSN and sequence in {@code source}
     */
    Events(String topic, Schema row, List<String> keyColumns, boolean logged) {
        this.logged = logged;
        this.topic = topic;
        this.row = row;
        this.keyColumns = keyColumns;
        if (keyColumns.isEmpty()) {
            this.key = null;
        } else {
            SchemaBuilder builder = SchemaBuilder.struct().name(topic + ".Key");
            for (String column : keyColumns) {
                builder.field(column, row.field(column).schema());
            }
            this.key = builder.build();
        }
        SchemaBuilder source =
                SchemaBuilder.struct()
                        .name("io.debezium.connector.postgresql.Source")
                        .field("schema", Schema.STRING_SCHEMA)
                        .field("table", Schema.STRING_SCHEMA)
                        .field("ts_ms", Schema.INT64_SCHEMA);
        if (logged) {
            source.field("connector", Schema.STRING_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("sequence", Schema.OPTIONAL_STRING_SCHEMA);
        }
        this.envelope =
                SchemaBuilder.struct()
                        .name(topic + ".Envelope")
                        .field("before", row)
                        .field("after", row)
                        .field("source", source.build())
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
    }

    /**
     * The same change sent again, as a source that read its log a second time sends it: the same
     * value, at this topic's next offset.
     */
    SinkRecord again(SinkRecord sent) {
        return new SinkRecord(
                topic, 0, sent.keySchema(), sent.key(), sent.valueSchema(), sent.value(), offset++);
    }

    /** The source time of the events that follow. */
    Events at(long millis) {
        this.timeMillis = millis;
        return this;
    }

    /** Inserts written as one WAL record (COPY, a multi-row insert): one log position for all. */
    List<SinkRecord> copy(Struct... rows) {
        List<SinkRecord> records = new ArrayList<>();
        for (Struct row : rows) {
            records.add(event("c", null, row));
            lsn--;
        }
        lsn++;
        return records;
    }

    /** Continues at an earlier log position, as another server's log (a rebuilt source) would. */
    Events fromPosition(long position) {
        this.lsn = position;
        return this;
    }

    /**
     * A primary-key change as Debezium sends it: a delete of the old key (and its tombstone) and a
     * create of the new one, both at one log position.
     */
    List<SinkRecord> keyChange(Struct before, Struct after) {
        List<SinkRecord> records = new ArrayList<>(delete(before));
        lsn--; // the create shares the delete's position
        records.add(event("c", null, after));
        return records;
    }

    /** Continues a topic another {@code Events} wrote to, from {@code offset}. */
    Events startingAt(long offset) {
        this.offset = offset;
        return this;
    }

    boolean hasKey() {
        return key != null;
    }

    /** A row of this table from values in field order. */
    Struct row(Object... values) {
        Struct struct = new Struct(row);
        List<Field> fields = row.fields();
        for (int i = 0; i < values.length; i++) {
            struct.put(fields.get(i), values[i]);
        }
        return struct;
    }

    SinkRecord read(Struct after) {
        return event("r", null, after);
    }

    SinkRecord create(Struct after) {
        return event("c", null, after);
    }

    SinkRecord update(Struct before, Struct after) {
        return event("u", before, after);
    }

    /** A captured TRUNCATE: no key, no images. */
    SinkRecord truncate() {
        return event("t", null, null);
    }

    /** The DMS source's table announcement (op p): no row and no key, the key's schema. */
    SinkRecord announce() {
        Struct source =
                new Struct(envelope.field("source").schema())
                        .put("schema", "public")
                        .put("table", topic)
                        .put("ts_ms", timeMillis);
        if (logged) {
            source.put("connector", "postgresql").put("name", "ferry").put("snapshot", "true");
        }
        Struct value = new Struct(envelope).put("source", source).put("op", "p");
        return new SinkRecord(topic, 0, key, null, envelope, value, offset++);
    }

    /** The delete event and its tombstone. */
    List<SinkRecord> delete(Struct before) {
        List<SinkRecord> records = new ArrayList<>();
        records.add(event("d", before, null));
        if (key != null) {
            records.add(new SinkRecord(topic, 0, key, key(before), null, null, offset++));
        }
        return records;
    }

    private SinkRecord event(String op, Struct before, Struct after) {
        Struct source =
                new Struct(envelope.field("source").schema())
                        .put("schema", "public")
                        .put("table", topic)
                        .put("ts_ms", timeMillis);
        if (logged) {
            long position = lsn++;
            source.put("connector", "postgresql")
                    .put("name", "ferry")
                    .put("snapshot", op.equals("r") ? "true" : "false")
                    .put("lsn", position)
                    .put("sequence", "[\"900\",\"" + position + "\"]");
        }
        Struct value =
                new Struct(envelope)
                        .put("before", before)
                        .put("after", after)
                        .put("source", source)
                        .put("op", op);
        Struct keyImage = after != null ? after : before;
        return new SinkRecord(
                topic,
                0,
                keyImage == null ? null : key,
                key == null || keyImage == null ? null : key(keyImage),
                envelope,
                value,
                offset++);
    }

    private Struct key(Struct image) {
        Struct struct = new Struct(key);
        for (String column : keyColumns) {
            struct.put(column, image.get(column));
        }
        return struct;
    }
}
