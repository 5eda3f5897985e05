package io.ferry.sink.jdbc.change;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Which columns form a table's key and where their values come from: the configured {@code
 * primary.key.fields}, read from the row (or from the record key for tombstones), else the fields
 * of the record key.
 */
final class KeyColumns {
    private final List<String> configured;

    KeyColumns(List<String> configured) {
        this.configured = List.copyOf(configured);
    }

    /** The key column names for a record with this key schema. */
    List<String> names(Schema keySchema) {
        if (!configured.isEmpty()) {
            return configured;
        }
        if (keySchema == null || keySchema.type() != Schema.Type.STRUCT) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Field field : keySchema.fields()) {
            names.add(field.name());
        }
        return names;
    }

    /** The key values: from {@code row} when it has the columns, else from the record key. */
    List<Object> values(List<String> names, Struct row, Object key) {
        List<Object> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(value(name, row, key, names.size()));
        }
        return values;
    }

    /** The schema of a key column, from the row or the record key. */
    Schema schema(String name, Struct row, Schema keySchema) {
        if (row != null && row.schema().field(name) != null) {
            return row.schema().field(name).schema();
        }
        if (keySchema != null && keySchema.type() == Schema.Type.STRUCT) {
            Field field = keySchema.field(name);
            if (field != null) {
                return field.schema();
            }
        }
        if (keySchema != null && keySchema.type().isPrimitive()) {
            return keySchema;
        }
        throw new DataException("key column " + name + " is in neither the row nor the key");
    }

    private static Object value(String name, Struct row, Object key, int keyWidth) {
        if (row != null && row.schema().field(name) != null) {
            return row.get(name);
        }
        if (key instanceof Struct struct && struct.schema().field(name) != null) {
            return struct.get(name);
        }
        if (key != null && !(key instanceof Struct) && keyWidth == 1) {
            return key;
        }
        throw new DataException("key column " + name + " is in neither the row nor the key");
    }
}
