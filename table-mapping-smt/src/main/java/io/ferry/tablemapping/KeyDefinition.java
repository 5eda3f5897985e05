package io.ferry.tablemapping;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.SchemaCache;
import io.ferry.dms.plan.ColumnPlan;
import io.ferry.dms.plan.MappedColumn;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * DMS's {@code define-primary-key}: the record key becomes the named columns, taken from the mapped
 * row (the before image of a delete, the after image otherwise). The key schema is built once per
 * row schema.
 */
final class KeyDefinition {
    private final SchemaCache<Schema> schemas = new SchemaCache<>();

    /** The key's target column names, in the order the rule lists them. */
    static List<String> targetNames(List<String> sourceColumns, ColumnPlan plan) {
        return sourceColumns.stream()
                .map(
                        c ->
                                plan.resolve(c)
                                        .map(MappedColumn::name)
                                        .orElseThrow(
                                                () ->
                                                        new DataException(
                                                                "define-primary-key names column '"
                                                                        + c
                                                                        + "', which the mapping removes")))
                .toList();
    }

    /** The new key from a mapped value (envelope or row); null when the value has no row. */
    Object key(Object mappedValue, List<String> columns, String keySchemaName) {
        Object row = mappedValue;
        if (DebeziumEnvelope.isEnvelope(mappedValue)) {
            boolean delete = DebeziumEnvelope.operation(mappedValue) == Operation.DELETE;
            row =
                    DebeziumEnvelope.image(
                            mappedValue, delete ? DebeziumEnvelope.BEFORE : DebeziumEnvelope.AFTER);
        }
        return project(row, columns, keySchemaName);
    }

    /** The named columns of a row or old key; null when it lacks one of them. */
    Object project(Object row, List<String> columns, String keySchemaName) {
        if (row instanceof Struct struct) {
            for (String column : columns) {
                if (struct.schema().field(column) == null) {
                    return null;
                }
            }
            Schema schema =
                    schemas.get(
                            Arrays.asList(columns, keySchemaName),
                            struct.schema(),
                            s -> keySchema(s, columns, keySchemaName));
            Struct key = new Struct(schema);
            for (Field field : schema.fields()) {
                key.put(field, struct.get(field.name()));
            }
            return key;
        }
        if (row instanceof Map<?, ?> map && map.keySet().containsAll(columns)) {
            Map<Object, Object> key = new LinkedHashMap<>();
            columns.forEach(c -> key.put(c, map.get(c)));
            return key;
        }
        return null;
    }

    /**
     * The key schema of the named columns of a row schema, optional: for a table announcement,
     * whose key is null.
     */
    static Schema optionalSchema(Schema row, List<String> columns, String name) {
        return io.ferry.common.ConnectSchemas.optional(keySchema(row, columns, name));
    }

    private static Schema keySchema(Schema row, List<String> columns, String name) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (name != null) {
            builder.name(name);
        }
        columns.forEach(c -> builder.field(c, row.field(c).schema()));
        return builder.build();
    }
}
