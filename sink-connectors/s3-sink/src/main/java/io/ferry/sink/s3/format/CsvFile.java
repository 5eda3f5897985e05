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

    /** Characters written so far, before compression: what file sizes are measured in. */
    @Override
    public long bytes() {
        return counter.count;
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }

    /** Counts the characters written through it. */
    private static final class Counting extends FilterWriter {
        private long count;

        Counting(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            out.write(c);
            count++;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            out.write(chars, off, len);
            count += len;
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            out.write(text, off, len);
            count += len;
        }
    }
}
