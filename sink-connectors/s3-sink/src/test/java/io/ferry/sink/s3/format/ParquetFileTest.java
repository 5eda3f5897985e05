package io.ferry.sink.s3.format;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFileTest {
    @TempDir Path dir;

    private static Schema decimal(int precision) {
        return Decimal.builder(2)
                .parameter("connect.decimal.precision", Integer.toString(precision))
                .optional()
                .build();
    }

    private static DmsRows.Row row(Schema amount) {
        return new DmsRows.Row(
                List.of("Op", "amount"),
                List.of(Schema.STRING_SCHEMA, amount),
                List.of("I", new BigDecimal("1.00")));
    }

    /**
     * A column whose type changes (a decimal widened past 38 digits is written as text) starts a
     * new file: its values must never go into the file's old column type.
     */
    @Test
    void aColumnOfAnotherTypeStartsANewFile() throws Exception {
        ParquetSettings settings =
                new ParquetSettings(
                        WriterVersion.PARQUET_1_0,
                        CompressionCodecName.UNCOMPRESSED,
                        true,
                        true,
                        1 << 20,
                        10_000,
                        1 << 20,
                        false);
        ParquetFile file = new ParquetFile(dir.resolve("f.parquet"), settings);
        file.write(row(decimal(20)));
        assertTrue(file.fits(row(decimal(20))), "the same columns and types");
        assertFalse(file.fits(row(decimal(65))), "a decimal now wider than Parquet's 38 digits");
        file.close();
    }
}
