package io.ferry.dms.expr;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.SourcePosition;
import io.ferry.common.TableId;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * What {@code $NAME} means in an expression for one source row: a source column, a DMS header
 * ({@code AR_H_*}, from the change event) or metadata ({@code AR_M_*}).
 */
public final class EventBindings implements Expression.Bindings {
    private final Object row;
    private final TableId source;
    private final Object envelope;

    /** {@code source} is null when unknown; {@code envelope} is null for a flat row. */
    public EventBindings(Object row, TableId source, Object envelope) {
        this.row = row;
        this.source = source;
        this.envelope = envelope;
    }

    @Override
    public Object value(String name) {
        if (name.startsWith("AR_H_")) {
            return header(name);
        }
        if (name.startsWith("AR_M_")) {
            return switch (name) {
                case "AR_M_SOURCE_SCHEMA" -> source == null ? null : source.schema();
                case "AR_M_SOURCE_TABLE_NAME" -> source == null ? null : source.table();
                default -> null;
            };
        }
        if (row instanceof Struct struct) {
            Field field = struct.schema().field(name);
            if (field != null) {
                return ExpressionValues.fromConnect(field.schema(), struct.get(field));
            }
        } else if (row instanceof Map<?, ?> map && map.containsKey(name)) {
            return ExpressionValues.fromConnect(null, map.get(name));
        }
        throw new DataException(
                "An expression refers to $"
                        + name
                        + ", which "
                        + (source == null ? "the row" : source.toString())
                        + " does not have");
    }

    private Object header(String name) {
        if (envelope == null) {
            return null;
        }
        Object sourceBlock = DebeziumEnvelope.field(envelope, DebeziumEnvelope.SOURCE);
        return switch (name) {
            case "AR_H_OPERATION" ->
                    switch (DebeziumEnvelope.operation(envelope)) {
                        case READ, CREATE -> "INSERT";
                        case UPDATE -> "UPDATE";
                        case DELETE -> "DELETE";
                        default -> null;
                    };
            case "AR_H_COMMIT_TIMESTAMP" -> time(sourceBlock);
            case "AR_H_TIMESTAMP" -> time(envelope);
            case "AR_H_STREAM_POSITION" -> SourcePosition.streamText(sourceBlock).orElse(null);
            default -> null;
        };
    }

    private static String time(Object block) {
        return DebeziumEnvelope.time(block)
                .map(
                        t ->
                                ExpressionValues.DATE_TIME.format(
                                        LocalDateTime.ofInstant(t, ZoneOffset.UTC)))
                .orElse(null);
    }
}
