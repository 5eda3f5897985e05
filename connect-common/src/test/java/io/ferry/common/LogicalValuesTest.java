package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class LogicalValuesTest {
    private static Schema named(Schema.Type type, String name) {
        return SchemaBuilder.type(type).name(name).build();
    }

    @Test
    void debeziumTemporalTypes() {
        assertEquals(
                LocalDate.of(2024, 2, 29),
                LogicalValues.plain(named(Schema.Type.INT32, "io.debezium.time.Date"), 19782));
        assertEquals(
                LocalDateTime.of(2020, 1, 1, 0, 0, 1, 1_000),
                LogicalValues.plain(
                        named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"),
                        1_577_836_801_000_001L));
        assertEquals(
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                LogicalValues.plain(
                        named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), -1L));
        assertEquals(
                LocalTime.of(13, 14, 15, 16_000),
                LogicalValues.plain(
                        named(Schema.Type.INT64, "io.debezium.time.MicroTime"), 47_655_000_016L));
        assertEquals(
                "2024-02-29T10:00:00Z",
                LogicalValues.plain(
                        named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                        "2024-02-29T10:00:00Z"));
    }

    @Test
    void kafkaLogicalTypes() {
        assertEquals(
                LocalDateTime.of(1970, 1, 1, 0, 0, 1),
                LogicalValues.plain(Timestamp.SCHEMA, new Date(1000)));
        BigDecimal amount = new BigDecimal("12.34");
        assertEquals(amount, LogicalValues.plain(Decimal.schema(2), amount));
    }

    @Test
    void variableScaleDecimalsAndNumbers() {
        Schema schema =
                SchemaBuilder.struct()
                        .name("io.debezium.data.VariableScaleDecimal")
                        .field("scale", Schema.INT32_SCHEMA)
                        .field("value", Schema.BYTES_SCHEMA)
                        .build();
        Struct value =
                new Struct(schema)
                        .put("scale", 3)
                        .put("value", BigInteger.valueOf(-12345).toByteArray());
        assertEquals(new BigDecimal("-12.345"), LogicalValues.plain(schema, value));
        assertEquals(BigDecimal.valueOf(7), LogicalValues.plain(Schema.INT16_SCHEMA, (short) 7));
        assertEquals(new BigDecimal("0.5"), LogicalValues.plain(Schema.FLOAT64_SCHEMA, 0.5));
        assertEquals(BigDecimal.valueOf(3), LogicalValues.plain(null, 3));
    }

    @Test
    void bytesAndNulls() {
        assertArrayEquals(
                new byte[] {1, 2},
                (byte[])
                        LogicalValues.plain(
                                Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {1, 2})));
        assertNull(LogicalValues.plain(Schema.OPTIONAL_STRING_SCHEMA, null));
        assertEquals("x", LogicalValues.plain(Schema.STRING_SCHEMA, "x"));
    }

    @Test
    void timesBeyondADayAndNegativeOnesKeepTheirValue() {
        assertEquals(
                "838:59:59",
                LogicalValues.timeText("io.debezium.time.MicroTime", 3_020_399_000_000L));
        assertEquals(
                "-00:00:01.500000",
                LogicalValues.timeText("io.debezium.time.MicroTime", -1_500_000L));
        assertEquals("24:00:00", LogicalValues.timeText("io.debezium.time.Time", 86_400_000));
        assertEquals(
                "00:00:00.000001", LogicalValues.timeText("io.debezium.time.NanoTime", 1_000L));
        assertEquals(null, LogicalValues.timeText("io.debezium.time.ZonedTime", "12:00:00Z"));
        assertEquals(null, LogicalValues.timeText(null, 5));
    }

    @Test
    void nanosecondTimesKeepTheirDigits() {
        assertEquals(
                "12:00:00.123456789",
                LogicalValues.timeText("io.debezium.time.NanoTime", 43_200_123_456_789L));
        assertEquals(
                false, LogicalValues.isTimeOfDay("io.debezium.time.MicroTime", 86_400_000_000L));
        assertEquals(true, LogicalValues.isTimeOfDay("io.debezium.time.MicroTime", 0L));
    }

    @Test
    void aZonedTimestampHasOneSpellingWithItsOffsetAndDigits() {
        String name = "io.debezium.time.ZonedTimestamp";
        assertEquals(
                "1970-01-01T00:00:01.000000Z",
                LogicalValues.zonedTimestampText(name, "1970-01-01T00:00:01Z"));
        assertEquals(
                "1970-01-01T00:00:01.000000Z",
                LogicalValues.zonedTimestampText(name, "1970-01-01T00:00:01.000000Z"));
        assertEquals(
                "2024-02-29T12:00:00.123456789+02:00",
                LogicalValues.zonedTimestampText(name, "2024-02-29T12:00:00.123456789+02:00"));
        assertEquals(
                "1900-01-01T00:00:00.000000+00:19:32",
                LogicalValues.zonedTimestampText(name, "1900-01-01T00:00:00+00:19:32"));
        assertThrows(
                org.apache.kafka.connect.errors.DataException.class,
                () -> LogicalValues.zonedTimestampText(name, "infinity"));
        assertThrows(
                org.apache.kafka.connect.errors.DataException.class,
                () -> LogicalValues.zonedTimestampText(name, "+294247-01-10T04:00:25.200000Z"));
    }

    @Test
    void aFloatKeepsItsOwnShortestDigits() {
        assertEquals("0.1", LogicalValues.shortestDecimal(0.1f).toString());
        assertEquals("3.4028235E+38", LogicalValues.shortestDecimal(Float.MAX_VALUE).toString());
        assertEquals("-1.1754944E-38", LogicalValues.shortestDecimal(-1.1754944e-38f).toString());
        assertEquals(1.4e-45f, LogicalValues.shortestDecimal(Float.MIN_VALUE).floatValue());
        // At a power of two the nearest eight-digit decimal misses; its neighbour reads back.
        assertEquals("1.2621775E-29", LogicalValues.shortestDecimal(0x1p-96f).toString());
    }
}
