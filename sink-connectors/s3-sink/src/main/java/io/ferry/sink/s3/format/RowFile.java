package io.ferry.sink.s3.format;

import java.io.IOException;

/** A data file being written to local disk before upload, in one of DMS's formats. */
public interface RowFile extends AutoCloseable {
    void write(DmsRows.Row row) throws IOException;

    /** Whether the row can go in this file (a Parquet file holds one set of columns). */
    default boolean fits(DmsRows.Row row) {
        return true;
    }

    /** Bytes written so far, as file sizes are measured for rotation. */
    long bytes();

    @Override
    void close() throws IOException;
}
