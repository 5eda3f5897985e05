package io.ferry.source.fullload;

import io.debezium.relational.TableSchema;
import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A row read as Debezium's snapshot event: the table's key and value from Debezium's table schema,
 * the envelope's {@code op=r}, and the connector's {@code source} block with {@code snapshot=true}.
 * The load is tied to no log position yet, so the position fields are empty where the block allows
 * it and zero where it does not.
 */
final class DebeziumEvents {
    private final Schema sourceSchema;
    private final String connector;
    private final String version;
    private final String name;

    /**
     * @param sourceSchema the connector's source block schema
     * @param connector the connector's name in the block ({@code postgresql}, {@code mariadb})
     * @param version the Debezium version the block names
     * @param name the logical name ({@code topic.prefix})
     */
    DebeziumEvents(Schema sourceSchema, String connector, String version, String name) {
        this.sourceSchema = sourceSchema;
        this.connector = connector;
        this.version = version;
        this.name = name;
    }

    SourceRecord event(
            DebeziumTables.Loaded table,
            Object[] row,
            String database,
            Map<String, ?> partition,
            Map<String, ?> offset) {
        TableSchema schema = table.schema();
        Instant now = Instant.now();
        Struct value =
                schema.getEnvelopeSchema()
                        .read(schema.valueFromColumnData(row), source(table, database, now), now);
        return new SourceRecord(
                partition,
                offset,
                table.topic(),
                null,
                schema.keySchema(),
                schema.keyFromColumnData(row),
                schema.getEnvelopeSchema().schema(),
                value);
    }

    /** Debezium's heartbeat key and value. */
    private static final Schema HEARTBEAT_KEY =
            SchemaBuilder.struct()
                    .name("io.debezium.connector.common.ServerNameKey")
                    .field("serverName", Schema.STRING_SCHEMA)
                    .build();

    private static final Schema HEARTBEAT_VALUE =
            SchemaBuilder.struct()
                    .name("io.debezium.connector.common.Heartbeat")
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();

    /**
     * A heartbeat as Debezium sends one, on its heartbeat topic: an offset with no row, where no
     * sink of the tables reads it — the end of a segment.
     */
    SourceRecord heartbeat(String topic, Map<String, ?> partition, Map<String, ?> offset) {
        Struct key = new Struct(HEARTBEAT_KEY).put("serverName", name);
        Struct value = new Struct(HEARTBEAT_VALUE).put("ts_ms", System.currentTimeMillis());
        return new SourceRecord(
                partition, offset, topic, null, HEARTBEAT_KEY, key, HEARTBEAT_VALUE, value);
    }

    /**
     * The table announced as the DMS source announces it ({@code op=p}, no row, the key and row
     * schemas of its rows), before its first row: a sink creates the table, an empty one too. No
     * offset, as the DMS source's: an announcement after rows tells a sink the load starts over.
     */
    SourceRecord announcement(DebeziumTables.Loaded table, String database) {
        TableSchema schema = table.schema();
        Schema envelope = schema.getEnvelopeSchema().schema();
        Instant now = Instant.now();
        Struct value = new Struct(envelope);
        value.put(DebeziumEnvelope.OP, Operation.PREPARE.code());
        if (envelope.field("ts_ms") != null) {
            value.put("ts_ms", now.toEpochMilli());
        }
        value.put(DebeziumEnvelope.SOURCE, source(table, database, now));
        // Optional: the announcement's key is null.
        Schema key =
                schema.keySchema() == null ? null : ConnectSchemas.optional(schema.keySchema());
        // Partition 0, as the DMS source's announcements.
        return new SourceRecord(null, null, table.topic(), 0, key, null, envelope, value);
    }

    private Struct source(DebeziumTables.Loaded table, String database, Instant now) {
        Struct source = new Struct(sourceSchema);
        for (Field field : sourceSchema.fields()) {
            Object value =
                    switch (field.name()) {
                        case "version" -> version;
                        case "connector" -> connector;
                        case "name" -> name;
                        case "ts_ms" -> now.toEpochMilli();
                        case "ts_us" -> now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
                        case "ts_ns" -> now.getEpochSecond() * 1_000_000_000 + now.getNano();
                        case "snapshot" -> "true";
                        case "db" -> database;
                        case "schema" -> table.id().schema();
                        case "table" -> table.id().table();
                        default -> field.schema().isOptional() ? null : none(field.schema());
                    };
            if (value != null) {
                source.put(field, value);
            }
        }
        return source;
    }

    /** No position, where the block needs a value: an empty binlog file name, position 0. */
    private static Object none(Schema schema) {
        return switch (schema.type()) {
            case STRING -> "";
            case INT64 -> 0L;
            case INT32 -> 0;
            case INT16 -> (short) 0;
            case BOOLEAN -> false;
            default ->
                    throw new IllegalStateException(
                            "Debezium's source block has a required " + schema.type() + " field");
        };
    }
}
