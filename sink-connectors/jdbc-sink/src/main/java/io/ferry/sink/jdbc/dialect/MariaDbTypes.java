package io.ferry.sink.jdbc.dialect;

import io.ferry.common.LogicalValues;
import io.ferry.common.SourceColumnTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * MySQL's and MariaDB's side of the type mapping: the column type for each Connect and Debezium
 * type, and each value as the JDBC object bound for it. Zoned values are stored in UTC.
 */
final class MariaDbTypes {
    /** Longest key string: 768 characters of utf8mb4 fill InnoDB's 3072-byte key limit. */
    private static final int MAX_KEY_CHARS = 768;

    private static final int DEFAULT_KEY_CHARS = 255;

    /** Longest varchar: 16,383 characters of utf8mb4 fill a row's 65,535 bytes. */
    static final int MAX_VARCHAR_CHARS = 16_383;

    private static final int MAX_DECIMAL_PRECISION = 65;
    private static final int MAX_DECIMAL_SCALE = 30;

    private MariaDbTypes() {}

    static String sqlType(Schema schema, boolean key) {
        String name = schema.name();
        if (name != null) {
            String logical = logicalType(name, schema, key);
            if (logical != null) {
                return logical;
            }
        }
        return switch (schema.type()) {
            case INT8 -> "tinyint";
            case INT16 -> "smallint";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BOOLEAN -> "boolean";
            case STRING -> string(schema, key);
            case BYTES -> key ? "varbinary(" + DEFAULT_KEY_CHARS + ")" : "longblob";
            default ->
                    throw new DataException(
                            "no MySQL/MariaDB column type for Connect type " + schema.type());
        };
    }

    private static String logicalType(String name, Schema schema, boolean key) {
        return switch (name) {
            case "org.apache.kafka.connect.data.Decimal" -> decimal(schema.parameters());
            case "io.debezium.data.VariableScaleDecimal" -> "decimal(65,30)";
            case "org.apache.kafka.connect.data.Date", "io.debezium.time.Date" -> "date";
            case "org.apache.kafka.connect.data.Time", "io.debezium.time.Time" -> "time(3)";
            case "io.debezium.time.MicroTime", "io.debezium.time.NanoTime" -> "time(6)";
            case "org.apache.kafka.connect.data.Timestamp", "io.debezium.time.Timestamp" ->
                    "datetime(3)";
            case "io.debezium.time.MicroTimestamp",
                    "io.debezium.time.NanoTimestamp",
                    "io.debezium.time.ZonedTimestamp" ->
                    "datetime(6)";
            case "io.debezium.time.ZonedTime" -> "time(6)";
            case "io.debezium.time.Year" -> "int";
            case "io.debezium.time.MicroDuration" -> "bigint";
            case "io.debezium.time.Interval" -> "varchar(64)";
            case "io.debezium.data.Json" -> "json";
            case "io.debezium.data.Uuid" -> "char(36)";
            case "io.debezium.data.Enum" -> "varchar(255)";
            case "io.debezium.data.EnumSet", "io.debezium.data.Xml" ->
                    key ? string(schema, true) : "longtext";
            case "io.debezium.data.Bits" -> bits(schema);
            default -> null;
        };
    }

    /**
     * {@code varchar(n)} where the source declares the length, as DMS creates it, so the column can
     * be indexed; {@code longtext} otherwise. Keys are always varchar, within InnoDB's key limit.
     */
    private static String string(Schema schema, boolean key) {
        OptionalInt declared = SourceColumnTypes.characterLength(schema);
        if (key) {
            return "varchar(" + Math.min(declared.orElse(DEFAULT_KEY_CHARS), MAX_KEY_CHARS) + ")";
        }
        return declared.isPresent() && declared.getAsInt() <= MAX_VARCHAR_CHARS
                ? "varchar(" + declared.getAsInt() + ")"
                : "longtext";
    }

    private static String decimal(Map<String, String> parameters) {
        String precision = parameters == null ? null : parameters.get("connect.decimal.precision");
        String scale = parameters == null ? null : parameters.get("scale");
        int s =
                scale == null
                        ? MAX_DECIMAL_SCALE
                        : Math.min(Integer.parseInt(scale), MAX_DECIMAL_SCALE);
        int p =
                precision == null
                        ? MAX_DECIMAL_PRECISION
                        : Math.min(Math.max(Integer.parseInt(precision), s), MAX_DECIMAL_PRECISION);
        return "decimal(" + p + "," + s + ")";
    }

    private static String bits(Schema schema) {
        String length = parameter(schema, "length");
        int bits = length == null ? 64 : Integer.parseInt(length);
        return bits <= 64 ? "bit(" + bits + ")" : "varbinary(" + ((bits + 7) / 8) + ")";
    }

    private static String parameter(Schema schema, String name) {
        return schema.parameters() == null ? null : schema.parameters().get(name);
    }

    /** The JDBC object bound for a Connect value of this schema. */
    static Object value(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            String time = DebeziumValues.timeOfDay(name, value);
            if (time != null) {
                return time;
            }
            switch (name) {
                case "io.debezium.time.ZonedTimestamp":
                    return LogicalValues.zonedTimestamp(value)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDateTime();
                case "io.debezium.time.ZonedTime":
                    return OffsetTime.parse((String) value)
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalTime();
                case "io.debezium.time.MicroDuration", "io.debezium.time.Year":
                    return value;
                case "io.debezium.data.Bits":
                    return bits(schema, DebeziumValues.bytes(value));
                default:
                    break;
            }
            Object plain = LogicalValues.withinCommonEra(LogicalValues.plain(schema, value));
            // plain() widens plain numbers to BigDecimal; keep those as they came.
            return plain instanceof BigDecimal
                            && value instanceof Number
                            && !(value instanceof BigDecimal)
                    ? value
                    : plain;
        }
        return value instanceof ByteBuffer ? DebeziumValues.bytes(value) : value;
    }

    private static Object bits(Schema schema, byte[] bytes) {
        int length = DebeziumValues.bitLength(schema, bytes);
        if (length > 64) {
            return bytes;
        }
        long bits = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            bits = (bits << 8) | (bytes[i] & 0xFF);
        }
        return bits;
    }
}
