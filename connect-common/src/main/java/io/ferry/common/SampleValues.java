package io.ferry.common;

import java.math.BigDecimal;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

/**
 * A value of a schema's type where one is needed and none is known: the key types of a table no row
 * has shown yet, the required fields of a block without a source position.
 */
public final class SampleValues {
    private SampleValues() {}

    public static Object of(Schema schema) {
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return BigDecimal.ZERO.setScale(Integer.parseInt(schema.parameters().get("scale")));
        }
        if (schema.name() != null && schema.name().startsWith("org.apache.kafka.connect.data.")) {
            return new java.util.Date(0); // Date, Time, Timestamp
        }
        return switch (schema.type()) {
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0f;
            case FLOAT64 -> 0d;
            case BOOLEAN -> false;
            case STRING -> "0";
            case BYTES -> new byte[] {0};
            case ARRAY -> java.util.List.of();
            case MAP -> java.util.Map.of();
            case STRUCT -> struct(schema);
        };
    }

    /** A row (or a struct-typed value, e.g. a variable-scale decimal) of sample values. */
    public static org.apache.kafka.connect.data.Struct struct(Schema schema) {
        org.apache.kafka.connect.data.Struct struct =
                new org.apache.kafka.connect.data.Struct(schema);
        for (org.apache.kafka.connect.data.Field field : schema.fields()) {
            struct.put(field, of(field.schema()));
        }
        return struct;
    }
}
