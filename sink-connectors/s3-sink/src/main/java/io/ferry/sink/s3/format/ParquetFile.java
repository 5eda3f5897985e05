package io.ferry.sink.s3.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * One Parquet file being written to local disk, through parquet-avro without Hadoop. Its schema is
 * the first row's columns; a row with other columns does not fit, and starts a new file.
 */
public final class ParquetFile implements RowFile {
    private final Path path;
    private final ParquetSettings settings;
    private List<String> names;
    private List<org.apache.kafka.connect.data.Schema> schemas;
    private Schema schema;
    private ParquetWriter<GenericRecord> writer;

    public ParquetFile(Path path, ParquetSettings settings) {
        this.path = path;
        this.settings = settings;
    }

    @Override
    public boolean fits(DmsRows.Row row) {
        // Same names and types: a column whose type changed (a decimal widened past 38 digits
        // becomes text) must not write its values into the file's old column type.
        return names == null
                || (names.equals(row.names())
                        && (schemas == row.schemas() || schemas.equals(row.schemas())));
    }

    @Override
    public void write(DmsRows.Row row) throws IOException {
        if (writer == null) {
            open(row);
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < row.values().size(); i++) {
            record.put(
                    i,
                    ParquetColumns.value(
                            row.schemas().get(i), row.values().get(i), settings.millis()));
        }
        writer.write(record);
    }

    private void open(DmsRows.Row row) throws IOException {
        names = List.copyOf(row.names());
        schemas = row.schemas();
        schema = ParquetColumns.record(row.names(), row.schemas(), settings.millis());
        writer =
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
                        .withSchema(schema)
                        .withDataModel(GenericData.get())
                        .withConf(new PlainParquetConfiguration())
                        .withCodecFactory(new HadoopFreeCodecs())
                        .withCompressionCodec(settings.codec())
                        .withWriterVersion(settings.version())
                        .withStatisticsEnabled(settings.statistics())
                        .withDictionaryEncoding(settings.dictionary())
                        .withDictionaryPageSize(settings.dictionaryPageSize())
                        .withRowGroupRowCountLimit(settings.rowGroupRows())
                        .withPageSize(settings.pageSize())
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build();
    }

    @Override
    public long bytes() {
        return writer == null ? 0 : writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
