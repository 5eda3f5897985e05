package io.ferry.source;

import io.debezium.relational.RelationalDatabaseSchema;
import io.debezium.relational.TableId;
import io.debezium.relational.TableSchema;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.ferry.common.ConnectSchemas;
import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.SampleValues;
import io.ferry.dms.Engine;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record per captured table before a full load's rows, as DMS prepares every selected table
 * when the load starts: Debezium's envelope for the table with {@code op=p}, no row, and the
 * table's key and row schemas, so each sink creates and prepares the table — an empty one too,
 * which Debezium's snapshot never sends anything for. The schemas are the ones Debezium's task
 * built for the table (read from it by reflection: Debezium does not expose them), so they are
 * exactly those of the rows that follow.
 */
final class TableAnnouncements {
    private static final Logger LOG = LoggerFactory.getLogger(TableAnnouncements.class);

    private final Engine engine;
    private final String prefix;

    TableAnnouncements(Engine engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    /** Whether a record is an announcement: it has no source offset of Debezium's. */
    static boolean isAnnouncement(SourceRecord record) {
        return record.sourcePartition() == null;
    }

    /**
     * An announcement for each table Debezium's task captures; empty (with a warning) when the
     * task's schema cannot be read.
     */
    List<SourceRecord> of(SourceTask capture) {
        RelationalDatabaseSchema schema;
        TopicNamingStrategy<TableId> topics;
        try {
            schema = (RelationalDatabaseSchema) field(capture, "schema");
            @SuppressWarnings("unchecked")
            TopicNamingStrategy<TableId> strategy =
                    (TopicNamingStrategy<TableId>) field(schema, "topicNamingStrategy");
            topics = strategy;
        } catch (ReflectiveOperationException | ClassCastException e) {
            LOG.warn(
                    "Cannot read Debezium's table schemas ({}): selected tables without rows are"
                            + " not created in the target",
                    e.toString());
            return List.of();
        }
        List<SourceRecord> out = new ArrayList<>();
        for (TableId id : schema.tableIds().stream().sorted().toList()) {
            TableSchema table = schema.schemaFor(id);
            if (table != null) {
                out.add(record(id, table, topics.dataChangeTopic(id)));
            }
        }
        LOG.info("Announcing {} captured tables before the full load", out.size());
        return out;
    }

    private SourceRecord record(TableId id, TableSchema table, String topic) {
        Schema envelope = table.getEnvelopeSchema().schema();
        Struct value = new Struct(envelope);
        value.put(DebeziumEnvelope.OP, Operation.PREPARE.code());
        if (envelope.field("ts_ms") != null) {
            value.put("ts_ms", System.currentTimeMillis());
        }
        value.put(DebeziumEnvelope.SOURCE, source(envelope.field("source").schema(), id));
        // Optional: the announcement's key is null.
        Schema key = table.keySchema() == null ? null : ConnectSchemas.optional(table.keySchema());
        return new SourceRecord(null, null, topic, 0, key, null, envelope, value);
    }

    /** Debezium's source block for the table: its names, and zero values where a position goes. */
    private Struct source(Schema schema, TableId id) {
        Struct source = new Struct(schema);
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            Object value =
                    switch (field.name()) {
                        case "connector" -> DebeziumConnectors.of(engine).sourceName;
                        case "name" -> prefix;
                        case "db" -> id.catalog() != null ? id.catalog() : "";
                        case "schema" -> id.schema();
                        case "table" -> id.table();
                        case "snapshot" -> "true";
                        case "ts_ms" -> System.currentTimeMillis();
                        default ->
                                field.schema().isOptional()
                                        ? null
                                        // No position: an empty binlog file name is none.
                                        : field.schema().type() == Schema.Type.STRING
                                                ? ""
                                                : SampleValues.of(field.schema());
                    };
            if (value != null || field.schema().isOptional()) {
                source.put(field, value);
            }
        }
        return source;
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name + " in " + target.getClass().getName());
    }
}
