package io.ferry.sink.s3.format;

import io.ferry.common.LogicalValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Parquet (Avro) type of each Connect and Debezium type, and each value in it, so that Athena,
 * Spark and DuckDB read real types: DECIMAL with its precision and scale, DATE, TIME and TIMESTAMP
 * (microseconds, or milliseconds as DMS's {@code ParquetTimestampInMillisecond} asks; zoned
 * timestamps UTC-adjusted, the others plain), strings and binary. Every column is nullable.
 */
final class ParquetColumns {
    private static final int DEFAULT_PRECISION = 38;
    private static final int MAX_PRECISION = 38;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = Instant.parse("+10000-01-01T00:00:00Z");

    private ParquetColumns() {}

    /** The nullable Avro type for a column of this Connect schema (null: schemaless, a string). */
    static Schema type(org.apache.kafka.connect.data.Schema connect, boolean millis) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), plainType(connect, millis));
    }

    private static Schema plainType(org.apache.kafka.connect.data.Schema connect, boolean millis) {
        if (connect == null) {
            return Schema.create(Schema.Type.STRING);
        }
        String name = connect.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    if (precision(connect) > MAX_PRECISION) {
                        // Readers take DECIMAL up to 38 digits (DuckDB reads wider ones as
                        // DOUBLE, losing digits): wider decimals are their plain text.
                        return Schema.create(Schema.Type.STRING);
                    }
                    return LogicalTypes.decimal(precision(connect), scale(connect))
                            .addToSchema(Schema.create(Schema.Type.BYTES));
                case "org.apache.kafka.connect.data.Date", "io.debezium.time.Date":
                    return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
                case "org.apache.kafka.connect.data.Time",
                "io.debezium.time.Time",
                "io.debezium.time.MicroTime",
                "io.debezium.time.NanoTime":
                    return LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
                case "org.apache.kafka.connect.data.Timestamp",
                "io.debezium.time.Timestamp",
                "io.debezium.time.MicroTimestamp",
                "io.debezium.time.NanoTimestamp":
                    return (millis
                                    ? LogicalTypes.localTimestampMillis()
                                    : LogicalTypes.localTimestampMicros())
                            .addToSchema(Schema.create(Schema.Type.LONG));
                case "io.debezium.time.ZonedTimestamp":
                    return (millis
                                    ? LogicalTypes.timestampMillis()
                                    : LogicalTypes.timestampMicros())
                            .addToSchema(Schema.create(Schema.Type.LONG));
                case "io.debezium.data.Bits":
                    return Schema.create(Schema.Type.BYTES);
                case "io.debezium.time.MicroDuration":
                    return Schema.create(Schema.Type.LONG);
                case "io.debezium.time.Year":
                    return Schema.create(Schema.Type.INT);
                default:
                    if (connect.type() == org.apache.kafka.connect.data.Schema.Type.STRING
                            || name.equals("io.debezium.data.VariableScaleDecimal")) {
                        return Schema.create(Schema.Type.STRING);
                    }
            }
        }
        return switch (connect.type()) {
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            default -> Schema.create(Schema.Type.STRING); // structs, arrays, maps: their text
        };
    }

    /** The value as its Avro type holds it (unscaled bytes, days, micros, ...). */
    static Object value(
            org.apache.kafka.connect.data.Schema connect, Object value, boolean millis) {
        if (value == null) {
            return null;
        }
        if (connect == null) {
            return value.toString();
        }
        String name = connect.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    BigDecimal decimal =
                            ((BigDecimal) value).setScale(scale(connect), RoundingMode.UNNECESSARY);
                    if (precision(connect) > MAX_PRECISION) {
                        return decimal.toPlainString();
                    }
                    return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
                case "io.debezium.time.MicroTime":
                    return timeOfDay(((Number) value).longValue());
                case "io.debezium.time.NanoTime":
                    return timeOfDay(Math.floorDiv(((Number) value).longValue(), 1_000L));
                case "io.debezium.time.Time":
                    return timeOfDay(((Number) value).longValue() * 1_000L);
                case "io.debezium.time.ZonedTimestamp":
                    return epoch(LogicalValues.zonedTimestamp(value).toInstant(), millis);
                case "io.debezium.data.Bits":
                    return ByteBuffer.wrap(bytes(value));
                case "io.debezium.time.MicroDuration", "io.debezium.time.Year":
                    return value;
                default:
                    break;
            }
            Object plain = LogicalValues.plain(connect, value);
            LogicalValues.withinCommonEra(plain); // else readers fail on the whole column
            if (plain instanceof LocalDate date) {
                return (int) date.toEpochDay();
            }
            if (plain instanceof LocalTime time) {
                return time.toNanoOfDay() / 1_000L;
            }
            if (plain instanceof LocalDateTime timestamp) {
                return epoch(timestamp.toInstant(ZoneOffset.UTC), millis);
            }
            if (plain instanceof BigDecimal decimal) {
                return decimal.toPlainString(); // variable-scale decimals
            }
            if (connect.type() == org.apache.kafka.connect.data.Schema.Type.STRING) {
                return value.toString();
            }
        }
        return switch (connect.type()) {
            case INT8, INT16 -> ((Number) value).intValue();
            case BYTES -> ByteBuffer.wrap(bytes(value));
            case STRUCT, ARRAY, MAP -> value.toString();
            default -> value;
        };
    }

    // Instant.until counts in nanoseconds first, which overflows beyond 292 years from 1970.
    private static long epoch(Instant instant, boolean millis) {
        if (instant.isBefore(FIRST) || !instant.isBefore(AFTER_LAST)) {
            // Debezium's PostgreSQL ±infinity, or a year readers cannot show: a file holding it
            // fails DuckDB's reading of the whole column ("Date out of range").
            throw new DataException(
                    "timestamp "
                            + instant
                            + " is outside the years 1 to 9999 that Parquet readers take");
        }
        return millis
                ? instant.toEpochMilli()
                : Math.addExact(
                        Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                        instant.getNano() / 1_000L);
    }

    /**
     * A time of day in microseconds. A MySQL TIME may be negative or beyond 24 hours, which a
     * Parquet TIME cannot hold: refused rather than wrapped into another time of day.
     */
    private static long timeOfDay(long micros) {
        if (micros < 0 || micros >= MICROS_PER_DAY) { // 24:00:00 too: readers refuse it
            throw new DataException(
                    "time value of "
                            + micros
                            + " µs is outside a day, which a Parquet TIME cannot hold");
        }
        return micros;
    }

    private static int precision(org.apache.kafka.connect.data.Schema connect) {
        String precision =
                connect.parameters() == null
                        ? null
                        : connect.parameters().get("connect.decimal.precision");
        return precision == null ? DEFAULT_PRECISION : Integer.parseInt(precision);
    }

    private static int scale(org.apache.kafka.connect.data.Schema connect) {
        return Integer.parseInt(connect.parameters().get("scale"));
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }

    /** A record schema for these columns; names that Avro rejects get underscores. */
    static Schema record(
            java.util.List<String> names,
            java.util.List<org.apache.kafka.connect.data.Schema> schemas,
            boolean millis) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("row").fields();
        for (int i = 0; i < names.size(); i++) {
            fields =
                    fields.name(avroName(names.get(i)))
                            .type(type(schemas.get(i), millis))
                            .withDefault(null);
        }
        return fields.endRecord();
    }

    static String avroName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_]", "_");
        return clean.isEmpty() || Character.isDigit(clean.charAt(0)) ? "_" + clean : clean;
    }
}
