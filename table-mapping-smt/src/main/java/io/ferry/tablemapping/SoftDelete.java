package io.ferry.tablemapping;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * DMS's {@code operation_indicator}: a delete is applied as an update whose after image is the
 * deleted row, flagged by the add-column expression, so the target keeps the row.
 */
final class SoftDelete {
    private SoftDelete() {}

    /** The mapped delete event, rewritten in place (it is the transform's own copy). */
    @SuppressWarnings("unchecked")
    static Object asUpdate(Object mappedDelete) {
        if (mappedDelete instanceof Struct event) {
            event.put(DebeziumEnvelope.AFTER, event.get(DebeziumEnvelope.BEFORE));
            event.put(DebeziumEnvelope.OP, Operation.UPDATE.code());
        } else {
            Map<Object, Object> event = (Map<Object, Object>) mappedDelete;
            event.put(DebeziumEnvelope.AFTER, event.get(DebeziumEnvelope.BEFORE));
            event.put(DebeziumEnvelope.OP, Operation.UPDATE.code());
        }
        return mappedDelete;
    }
}
