package io.ferry.sink.s3.format;

/** DMS's CSV settings: delimiter, row delimiter, null value, RFC 4180 quoting, header row. */
public record CsvSettings(
        String delimiter, String rowDelimiter, String nullValue, boolean rfc4180, boolean header) {}
