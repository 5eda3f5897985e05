package io.ferry.sink.s3.format;

import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * DMS's Parquet settings: version, compression, statistics, dictionary encoding and its page limit,
 * rows per row group, data page size, and timestamps in milliseconds.
 */
public record ParquetSettings(
        WriterVersion version,
        CompressionCodecName codec,
        boolean statistics,
        boolean dictionary,
        int dictionaryPageSize,
        int rowGroupRows,
        int pageSize,
        boolean millis) {}
