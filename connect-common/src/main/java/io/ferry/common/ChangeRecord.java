package io.ferry.common;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * A record read as a row change, the one way every sink reads one: a Debezium envelope, a tombstone
 * (a delete by key), or a flattened row (an upsert; a delete when Debezium's {@code
 * ExtractNewRecordState} marked it {@code __deleted=true}).
 *
 * @param operation what happened; {@link Operation#UPDATE} for a flattened row
 * @param key the record key as it came (a Struct, a primitive, or null)
 * @param keySchema the key's schema, or null
 * @param before the before image, or null
 * @param after the after image, or null
 * @param source the source table: the envelope's {@code source} block, else the table-mapping SMT's
 *     source header
 * @param commitTime the source commit time, when the envelope has one
 * @param target the target table the table-mapping SMT chose, when it ran
 */
public record ChangeRecord(
        Operation operation,
        Object key,
        Schema keySchema,
        Object before,
        Object after,
        Optional<TableId> source,
        Optional<Instant> commitTime,
        Optional<TableId> target) {

    /** The field flattening SMTs set to mark a deleted row in rewrite mode. */
    public static final String DELETED_FIELD = "__deleted";

    public static ChangeRecord of(ConnectRecord<?> record) {
        Optional<TableId> target = TableHeaders.target(record.headers());
        Optional<TableId> mappedFrom = TableHeaders.source(record.headers());
        Object value = record.value();
        if (value == null) {
            return new ChangeRecord(
                    Operation.DELETE,
                    record.key(),
                    record.keySchema(),
                    null,
                    null,
                    mappedFrom,
                    Optional.empty(),
                    target);
        }
        if (DebeziumEnvelope.isEnvelope(value)) {
            Object source = DebeziumEnvelope.field(value, DebeziumEnvelope.SOURCE);
            return new ChangeRecord(
                    DebeziumEnvelope.operation(value),
                    record.key(),
                    record.keySchema(),
                    DebeziumEnvelope.image(value, DebeziumEnvelope.BEFORE),
                    DebeziumEnvelope.image(value, DebeziumEnvelope.AFTER),
                    DebeziumEnvelope.sourceTable(value).or(() -> mappedFrom),
                    source == null ? Optional.empty() : DebeziumEnvelope.time(source),
                    target);
        }
        boolean deleted =
                "true".equals(String.valueOf(DebeziumEnvelope.field(value, DELETED_FIELD)));
        return new ChangeRecord(
                deleted ? Operation.DELETE : Operation.UPDATE,
                record.key(),
                record.keySchema(),
                deleted ? value : null,
                deleted ? null : value,
                mappedFrom,
                Optional.empty(),
                target);
    }

    /** The image that holds the row's current columns: after, else before (for deletes). */
    public Object row() {
        return after != null ? after : before;
    }

    /** A tombstone or delete event: the row is gone. */
    public boolean isDelete() {
        return operation == Operation.DELETE;
    }
}
