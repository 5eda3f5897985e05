package io.ferry.sink.jdbc.dialect;

import io.ferry.common.LogicalValues;
import io.ferry.common.SourceColumnTypes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * PostgreSQL's side of the type mapping: the column type for each Connect and Debezium type, and
 * each value's text form. Text is what {@code COPY} reads and what typed-as-unknown parameters
 * carry, so one conversion serves bulk and single-row statements.
 */
final class PostgresTypes {
    private static final HexFormat HEX = HexFormat.of();

    /** PostgreSQL's longest varchar. */
    static final int MAX_VARCHAR_CHARS = 10_485_760;

    private PostgresTypes() {}

    static String sqlType(Schema schema) {
        String name = schema.name();
        if (name != null) {
            String logical = logicalType(name, schema.parameters());
            if (logical != null) {
                return logical;
            }
        }
        return switch (schema.type()) {
            case INT8, INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case BOOLEAN -> "boolean";
            case STRING -> string(schema);
            case BYTES -> "bytea";
            default ->
                    throw new DataException(
                            "no PostgreSQL column type for Connect type " + schema.type());
        };
    }

    /**
     * {@code varchar(n)} where the source declares the length, as DMS creates it; {@code text}
     * otherwise, and beyond PostgreSQL's longest varchar.
     */
    private static String string(Schema schema) {
        OptionalInt declared = SourceColumnTypes.characterLength(schema);
        return declared.isPresent() && declared.getAsInt() <= MAX_VARCHAR_CHARS
                ? "varchar(" + declared.getAsInt() + ")"
                : "text";
    }

    private static String logicalType(String name, Map<String, String> parameters) {
        return switch (name) {
            case "org.apache.kafka.connect.data.Decimal" -> decimal(parameters);
            case "io.debezium.data.VariableScaleDecimal" -> "numeric";
            case "org.apache.kafka.connect.data.Date", "io.debezium.time.Date" -> "date";
            case "org.apache.kafka.connect.data.Time", "io.debezium.time.Time" -> "time(3)";
            case "io.debezium.time.MicroTime", "io.debezium.time.NanoTime" -> "time(6)";
            case "org.apache.kafka.connect.data.Timestamp", "io.debezium.time.Timestamp" ->
                    "timestamp(3)";
            case "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp" ->
                    "timestamp(6)";
            case "io.debezium.time.ZonedTimestamp" -> "timestamptz";
            case "io.debezium.time.ZonedTime" -> "timetz";
            case "io.debezium.time.Year" -> "integer";
            case "io.debezium.time.MicroDuration", "io.debezium.time.Interval" -> "interval";
            case "io.debezium.data.Json" -> "jsonb";
            case "io.debezium.data.Uuid" -> "uuid";
            case "io.debezium.data.Xml" -> "xml";
            case "io.debezium.data.Bits" -> "bit varying";
            default -> null;
        };
    }

    private static String decimal(Map<String, String> parameters) {
        String precision = parameters == null ? null : parameters.get("connect.decimal.precision");
        String scale = parameters == null ? null : parameters.get("scale");
        if (precision == null || scale == null) {
            return "numeric";
        }
        return "numeric(" + Integer.parseInt(precision) + "," + Integer.parseInt(scale) + ")";
    }

    /** The value's text as PostgreSQL's input functions read it; null stays null. */
    static String text(Schema schema, Object value) {
        return value == null ? null : encoder(schema).apply(value);
    }

    /**
     * The text conversion for a column's values, chosen once per column: bulk loads call it for
     * every value, so the schema is not looked at again.
     */
    static Function<Object, String> encoder(Schema schema) {
        String name = schema.name();
        if (name == null) {
            return switch (schema.type()) {
                case BOOLEAN -> value -> (Boolean) value ? "t" : "f";
                case BYTES -> value -> "\\x" + HEX.formatHex(DebeziumValues.bytes(value));
                default -> Object::toString; // numbers (NaN and ∞ as PostgreSQL spells them), text
            };
        }
        return switch (name) {
            case "io.debezium.time.MicroTime",
                    "io.debezium.time.NanoTime",
                    "io.debezium.time.Time" ->
                    value -> DebeziumValues.timeOfDay(name, value);
            case "io.debezium.time.MicroDuration" ->
                    value -> ((Number) value).longValue() + " microseconds";
            case "io.debezium.data.Bits" ->
                    value -> {
                        byte[] bits = DebeziumValues.bytes(value);
                        return DebeziumValues.bits(bits, DebeziumValues.bitLength(schema, bits));
                    };
            default -> value -> plainText(LogicalValues.plain(schema, value), value);
        };
    }

    private static String plainText(Object plain, Object raw) {
        if (plain instanceof String text) {
            return text;
        }
        if (plain instanceof Boolean bool) {
            return bool ? "t" : "f";
        }
        if (plain instanceof BigDecimal decimal) {
            // plain() turns every number into BigDecimal; floats keep their own text (NaN, ∞).
            return raw instanceof Double || raw instanceof Float
                    ? raw.toString()
                    : decimal.toPlainString();
        }
        if (plain instanceof byte[] bytes) {
            return "\\x" + HEX.formatHex(bytes);
        }
        if (plain instanceof LocalDate date) {
            return date.toString();
        }
        return plain.toString();
    }
}
