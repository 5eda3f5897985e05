package io.ferry.sink.s3.format;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * One CSV file being written to local disk before upload, optionally gzipped, through Apache
 * Commons CSV. Knows how many bytes it has written, for rotation by size.
 */
public final class CsvFile implements RowFile {
    private final Counting counter;
    private final CSVPrinter printer;
    private final CsvSettings settings;
    private boolean started;

    public CsvFile(Path path, CsvSettings settings, boolean gzip) throws IOException {
        this.settings = settings;
        OutputStream file = Files.newOutputStream(path);
        OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
        CSVFormat.Builder format =
                CSVFormat.Builder.create()
                        .setDelimiter(settings.delimiter())
                        .setRecordSeparator(settings.rowDelimiter())
                        .setNullString(settings.nullValue());
        format =
                settings.rfc4180()
                        ? format.setQuote('"').setQuoteMode(QuoteMode.MINIMAL)
                        : format.setQuote(null).setEscape('\\');
        this.counter =
                new Counting(
                        new BufferedWriter(
                                new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
        this.printer = new CSVPrinter(counter, format.get());
    }

    /** Writes a row; the first row is preceded by the header when the settings ask for it. */
    @Override
    public void write(DmsRows.Row row) throws IOException {
        if (!started && settings.header()) {
            printer.printRecord(row.names());
        }
        started = true;
        printer.printRecord(row.texts());
    }

    /**
     * UTF-8 bytes of the rows written so far, before compression: what file sizes are measured in.
     */
    @Override
    public long bytes() {
        return counter.bytes;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }

    /**
     * Counts the UTF-8 bytes of the characters written through it, as they are written (the
     * encoder's output lags behind its buffers).
     */
    private static final class Counting extends FilterWriter {
        private long bytes;

        Counting(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            bytes += utf8Bytes((char) c);
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            out.write(chars, off, len);
            for (int i = off; i < off + len; i++) {
                bytes += utf8Bytes(chars[i]);
            }
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            out.write(text, off, len);
            for (int i = off; i < off + len; i++) {
                bytes += utf8Bytes(text.charAt(i));
            }
        }

        // A surrogate pair is 4 bytes: 2 for each half.
        private static int utf8Bytes(char c) {
            return c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
    }
}
