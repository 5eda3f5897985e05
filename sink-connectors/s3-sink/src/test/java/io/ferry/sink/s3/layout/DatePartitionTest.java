package io.ferry.sink.s3.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.sink.s3.layout.DatePartition.Delimiter;
import io.ferry.sink.s3.layout.DatePartition.Sequence;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DatePartitionTest {
    private static final Instant COMMIT = Instant.parse("2024-02-29T23:30:00Z");

    private static String folder(Sequence sequence, Delimiter delimiter, ZoneId zone) {
        return new DatePartition(true, sequence, delimiter, zone).folder(COMMIT);
    }

    @Test
    void everySequenceAndDelimiterAsDmsWritesThem() {
        assertEquals("2024/02/29", folder(Sequence.YYYYMMDD, Delimiter.SLASH, ZoneOffset.UTC));
        assertEquals(
                "2024_02_29_23", folder(Sequence.YYYYMMDDHH, Delimiter.UNDERSCORE, ZoneOffset.UTC));
        assertEquals("2024-02", folder(Sequence.YYYYMM, Delimiter.DASH, ZoneOffset.UTC));
        assertEquals("02202429", folder(Sequence.MMYYYYDD, Delimiter.NONE, ZoneOffset.UTC));
        assertEquals("29/02/2024", folder(Sequence.DDMMYYYY, Delimiter.SLASH, ZoneOffset.UTC));
    }

    @Test
    void theZoneDecidesTheDay() {
        assertEquals(
                "2024/03/01", folder(Sequence.YYYYMMDD, Delimiter.SLASH, ZoneId.of("Asia/Seoul")));
    }

    @Test
    void offMeansNoFolder() {
        assertEquals(
                "",
                new DatePartition(false, Sequence.YYYYMMDD, Delimiter.SLASH, ZoneOffset.UTC)
                        .folder(COMMIT));
    }
}
