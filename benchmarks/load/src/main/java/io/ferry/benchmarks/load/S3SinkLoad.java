package io.ferry.benchmarks.load;

import io.ferry.sink.s3.format.HadoopFreeCodecs;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 sink's throughput, end to end: Debezium snapshot events already in Kafka, one Connect
 * worker, the local S3 server. Ferry writing Parquet (snappy) and CSV, beside a bare parquet-avro
 * writer producing the same rows into a file and uploading it, in the same run.
 *
 * <p>Arguments: [rows=1000000]; {@code -Dferry.converter=avro} for Avro records.
 */
public final class S3SinkLoad {
    private static final long DEADLINE_MS = 60 * 60 * 1000L;
    private static final String TOPIC = "s3load.public.rows";

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Converters format = Converters.fromSystemProperty();
        LocalS3 s3 = LocalServers.s3();
        Map<String, String> worker = new HashMap<>(format.workerProps());
        worker.put("plugin.path", Files.createTempDirectory("no-plugins").toString());
        worker.put("connector.client.config.override.policy", "All");
        EmbeddedConnectCluster connect = ConnectClusters.start("s3load", 1, worker);
        try {
            LoadEvents events = new LoadEvents(format);
            long bytes = LoadTopics.snapshot(connect, events, TOPIC, rows);
            System.out.printf(
                    "%nS3 sink load: %,d rows, %,d bytes a record (%s)%n",
                    rows, bytes / rows, format.name());
            double bare = rows / bare(s3, events, rows);
            for (String dataFormat : new String[] {"parquet", "csv"}) {
                LoadTopics.resetPeakHeap();
                String bucket = "ferry-" + dataFormat + "-" + System.nanoTime();
                s3.client().createBucket(b -> b.bucket(bucket));
                double seconds = ferry(connect, s3, bucket, dataFormat, rows);
                long written = objectBytes(s3.client(), bucket);
                System.out.printf(
                        "ferry %-7s %,9.0f rows/s  %6.1f MB/s written  ferry/bare parquet-avro %4.2fx"
                                + "  peak heap %,d MB%n",
                        dataFormat,
                        rows / seconds,
                        written / 1e6 / seconds,
                        rows / seconds / bare,
                        LoadTopics.peakHeapMb());
            }
            System.out.printf("bare parquet-avro writer + upload: %,.0f rows/s%n", bare);
        } finally {
            connect.stop();
        }
        System.exit(0);
    }

    private static double ferry(
            EmbeddedConnectCluster connect, LocalS3 s3, String bucket, String dataFormat, long rows)
            throws Exception {
        String name = "ferry-s3-" + dataFormat;
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ferry.sink.s3.S3SinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("bucket.name", bucket);
        config.put("s3.endpoint.url", s3.endpoint().toString());
        config.put("s3.path.style.access", "true");
        config.put("aws.region", LocalS3.REGION.id());
        config.put("aws.access.key.id", LocalS3.ACCESS_KEY);
        config.put("aws.secret.access.key", LocalS3.SECRET_KEY);
        config.put("data.format", dataFormat);
        config.put("compression.type", dataFormat.equals("parquet") ? "SNAPPY" : "NONE");
        config.put("max.file.size", "262144"); // 256 MB files, as a data lake would take them
        config.put("cdc.max.batch.interval", "2");
        config.put("consumer.override.max.poll.records", "5000");
        config.put("consumer.override.max.partition.fetch.bytes", Integer.toString(16 << 20));
        long start = System.nanoTime();
        connect.configureConnector(name, config);
        String state = "_ferry/" + name + "/" + TOPIC + "/0.properties";
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (nextOffset(s3.client(), bucket, state) < rows) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + " did not finish");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        connect.deleteConnector(name);
        return seconds;
    }

    private static long nextOffset(S3Client s3, String bucket, String key) {
        try {
            String text =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key))
                            .asString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith("nextOffset=")) {
                    return Long.parseLong(line.substring("nextOffset=".length()));
                }
            }
            return 0;
        } catch (NoSuchKeyException e) {
            return 0;
        }
    }

    private static long objectBytes(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .filter(o -> !o.key().startsWith("_ferry/"))
                .mapToLong(S3Object::size)
                .sum();
    }

    /**
     * The peer: the same rows, already as Connect structs, written with parquet-avro alone (snappy,
     * same types) to one local file, then uploaded. Seconds taken.
     */
    private static double bare(LocalS3 s3, LoadEvents events, long rows) throws Exception {
        Schema schema =
                SchemaBuilder.record("row")
                        .fields()
                        .requiredLong("id")
                        .optionalInt("c_int")
                        .name("c_num")
                        .type(
                                nullable(
                                        LogicalTypes.decimal(12, 2)
                                                .addToSchema(Schema.create(Schema.Type.BYTES))))
                        .withDefault(null)
                        .optionalDouble("c_double")
                        .optionalString("c_name")
                        .optionalString("c_text")
                        .name("c_ts")
                        .type(
                                nullable(
                                        LogicalTypes.localTimestampMicros()
                                                .addToSchema(Schema.create(Schema.Type.LONG))))
                        .withDefault(null)
                        .name("c_date")
                        .type(
                                nullable(
                                        LogicalTypes.date()
                                                .addToSchema(Schema.create(Schema.Type.INT))))
                        .withDefault(null)
                        .optionalBoolean("c_flag")
                        .optionalString("c_uuid")
                        .endRecord();
        Struct[] structs = new Struct[(int) rows];
        for (int i = 0; i < rows; i++) {
            structs[i] = events.row(i, 0);
        }
        Path file = Files.createTempFile("bare", ".parquet");
        String bucket = "bare-" + System.nanoTime();
        s3.client().createBucket(b -> b.bucket(bucket));
        long start = System.nanoTime();
        try (ParquetWriter<GenericRecord> writer =
                AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                        .withSchema(schema)
                        .withDataModel(GenericData.get())
                        .withConf(new PlainParquetConfiguration())
                        .withCodecFactory(new HadoopFreeCodecs())
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build()) {
            for (Struct row : structs) {
                GenericData.Record record = new GenericData.Record(schema);
                record.put(0, row.getInt64("id"));
                record.put(1, row.getInt32("c_int"));
                record.put(
                        2,
                        ByteBuffer.wrap(
                                ((BigDecimal) row.get("c_num")).unscaledValue().toByteArray()));
                record.put(3, row.getFloat64("c_double"));
                record.put(4, row.getString("c_name"));
                record.put(5, row.getString("c_text"));
                record.put(6, row.getInt64("c_ts"));
                record.put(7, row.getInt32("c_date"));
                record.put(8, row.getBoolean("c_flag"));
                record.put(9, row.getString("c_uuid"));
                writer.write(record);
            }
        }
        s3.client()
                .putObject(b -> b.bucket(bucket).key("bare.parquet"), RequestBody.fromFile(file));
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return seconds;
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }
}
