package io.ferry.dms.expr;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * A rule's {@code data-type} ({@code type}, {@code precision}, {@code scale}, {@code length}) and
 * the Connect schema it becomes. Every column it adds is optional: an expression may be NULL.
 */
public record DataType(String type, Integer precision, Integer scale, Integer length) {
    /**
     * DMS type names Ferry can add; {@code set}, {@code list}, {@code map}, {@code tuple} are not.
     */
    public static boolean supports(String type) {
        return switch (type) {
            case "string",
                    "wstring",
                    "clob",
                    "nclob",
                    "int1",
                    "int2",
                    "int4",
                    "int8",
                    "uint1",
                    "uint2",
                    "uint4",
                    "uint8",
                    "real4",
                    "real8",
                    "numeric",
                    "boolean",
                    "date",
                    "time",
                    "datetime",
                    "bytes",
                    "blob" ->
                    true;
            default -> false;
        };
    }

    public Schema schema() {
        SchemaBuilder builder =
                switch (type) {
                    case "int1" -> SchemaBuilder.int8();
                    case "int2", "uint1" -> SchemaBuilder.int16();
                    case "int4", "uint2" -> SchemaBuilder.int32();
                    case "int8", "uint4" -> SchemaBuilder.int64();
                    case "uint8" -> Decimal.builder(0);
                    case "real4" -> SchemaBuilder.float32();
                    case "real8" -> SchemaBuilder.float64();
                    case "numeric" -> Decimal.builder(scale == null ? 0 : scale);
                    case "boolean" -> SchemaBuilder.bool();
                    case "date" -> Date.builder();
                    case "time" -> Time.builder();
                    case "datetime" -> Timestamp.builder();
                    case "bytes", "blob" -> SchemaBuilder.bytes();
                    default -> SchemaBuilder.string();
                };
        if (type.equals("numeric") && precision != null) {
            builder.parameter("connect.decimal.precision", Integer.toString(precision));
        }
        return builder.optional().build();
    }

    /** The decimal scale for {@code numeric} and {@code uint8} columns. */
    public int decimalScale() {
        return type.equals("numeric") && scale != null ? scale : 0;
    }
}
