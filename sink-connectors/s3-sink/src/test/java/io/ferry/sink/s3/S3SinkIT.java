package io.ferry.sink.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.sink.s3.layout.ObjectNames;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import io.ferry.testing.RecordingSinkContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 sink against a real S3 server (S3Proxy), driven as a worker drives it, its files read back
 * from the bucket and opened with DuckDB: DMS's layout and rows, rotation by size and by interval
 * with no new record, and exactly one copy of each record across crashes.
 */
class S3SinkIT {
    private static final Instant COMMIT = Instant.parse("2024-02-29T12:00:00.123Z");
    private static final Schema SOURCE = Changes.SOURCE;
    private static final TopicPartition PARTITION = new TopicPartition("shop.sales.orders", 0);

    /**
     * A file name as the sink gives it: DMS's name, the topic's tag, partition, first offset, and
     * the first claim (a task's first start).
     */
    private static String named(String dmsName, long firstOffset) {
        return dmsName
                + "-"
                + ObjectNames.topicTag(PARTITION.topic())
                + "-0-"
                + String.format("%010d", firstOffset)
                + "-0000000001.csv";
    }

    @TempDir Path downloads;

    private final LocalS3 s3 = LocalServers.s3();
    private final Map<String, LocalBucket> buckets = new HashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    private static SinkRecord event(
            long offset, String op, Struct before, Struct after, Instant commit) {
        return Changes.event(PARTITION, "sales", offset, op, before, after, commit);
    }

    private static Struct row(int id, String name) {
        return Changes.row(id, name);
    }

    private String bucket() {
        LocalBucket bucket = new LocalBucket();
        buckets.put(bucket.name, bucket);
        return bucket.name;
    }

    private Map<String, String> props(String bucket) {
        return LocalBucket.settings(bucket);
    }

    private S3SinkTask start(Map<String, String> props, Map<TopicPartition, Long> seeks) {
        return start(props, seeks, (operation, key) -> {});
    }

    private S3SinkTask start(
            Map<String, String> props, Map<TopicPartition, Long> seeks, FaultyS3.Fault fault) {
        S3SinkTask task =
                new S3SinkTask(clock, config -> FaultyS3.wrap(S3SinkTask.client(config), fault));
        task.initialize(new RecordingSinkContext(props, seeks));
        task.start(props);
        task.open(Set.of(PARTITION));
        return task;
    }

    private List<String> keys(String bucket) {
        return buckets.get(bucket).keys();
    }

    /** The object's rows as DuckDB reads them, each row's values joined by |. */
    private List<String> duckRows(String bucket, String key, String options) throws Exception {
        Path file = downloads.resolve(key.replace('/', '_'));
        Files.deleteIfExists(file);
        s3.client().getObject(b -> b.bucket(bucket).key(key), file);
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet result =
                        statement.executeQuery(
                                "SELECT * FROM read_csv('" + file + "', " + options + ")")) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(key + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Test
    void writesDmsLayoutFullLoadThenCdcWithDatePartitions() throws Exception {
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.DATE_PARTITION_ENABLED, "true");
        props.put(S3SinkConfig.TIMESTAMP_COLUMN, "commit_ts");
        props.put(S3SinkConfig.ADD_COLUMN_NAME, "true");
        S3SinkTask task = start(props, new HashMap<>());
        task.put(
                List.of(
                        event(0, "r", null, row(1, "a, \"quoted\"\nline"), COMMIT),
                        event(1, "r", null, row(2, null), COMMIT),
                        event(2, "c", null, row(3, "c"), COMMIT),
                        event(3, "u", row(3, "c"), row(3, "c2"), COMMIT.plusSeconds(1)),
                        event(4, "d", row(1, "x"), null, COMMIT.plusSeconds(2)),
                        new SinkRecord(PARTITION.topic(), 0, null, null, null, null, 5)));
        clock.advance(Duration.ofSeconds(61));
        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        task.stop();

        assertEquals(
                List.of(
                        named("lake/sales/orders/2024/02/29/20240229-120000123", 2),
                        named("lake/sales/orders/LOAD00000001", 0)),
                keys(bucket));
        assertEquals(
                List.of(
                        "2026-12-01 00:00:00.000000|1|a, \"quoted\"\nline",
                        "2026-12-01 00:00:00.000000|2|NULL"),
                duckRows(
                        bucket,
                        named("lake/sales/orders/LOAD00000001", 0),
                        "header=true, nullstr='', all_varchar=true"));
        assertEquals(
                List.of(
                        "I|2024-02-29 12:00:00.123000|3|c",
                        "U|2024-02-29 12:00:01.123000|3|c2",
                        "D|2024-02-29 12:00:02.123000|1|x"),
                duckRows(
                        bucket,
                        named("lake/sales/orders/2024/02/29/20240229-120000123", 2),
                        "header=true, all_varchar=true"));
        // Offsets reach what is in S3: the tombstone, which has no row, closed the CDC file's
        // range.
        assertEquals(6L, committed.get(PARTITION).offset());
    }

    /** DMS's op-column matrix, and the two CDC filters, read back with DuckDB. */
    @ParameterizedTest(name = "opForFullLoad={0} insertsOnly={1} insertsAndUpdates={2}")
    @CsvSource({
        "false, false, false, 1|a;2|b, I|3|c;U|3|c2;D|1|x",
        "true, false, false, I|1|a;I|2|b, I|3|c;U|3|c2;D|1|x",
        "false, true, false, 1|a;2|b, 3|c",
        "true, true, false, I|1|a;I|2|b, I|3|c",
        "false, false, true, 1|a;2|b, I|3|c;U|3|c2",
        "true, false, true, I|1|a;I|2|b, I|3|c;U|3|c2"
    })
    void opColumnsFollowDmsMatrix(
            boolean opForFullLoad,
            boolean insertsOnly,
            boolean insertsAndUpdates,
            String load,
            String cdc)
            throws Exception {
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.OP_FOR_FULL_LOAD, Boolean.toString(opForFullLoad));
        props.put(S3SinkConfig.INSERTS_ONLY, Boolean.toString(insertsOnly));
        props.put(S3SinkConfig.INSERTS_AND_UPDATES, Boolean.toString(insertsAndUpdates));
        S3SinkTask task = start(props, new HashMap<>());
        task.put(
                List.of(
                        event(0, "r", null, row(1, "a"), COMMIT),
                        event(1, "r", null, row(2, "b"), COMMIT),
                        event(2, "c", null, row(3, "c"), COMMIT),
                        event(3, "u", row(3, "c"), row(3, "c2"), COMMIT),
                        event(4, "d", row(1, "x"), null, COMMIT)));
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        String options = "header=false, all_varchar=true";
        List<String> loadRows =
                duckRows(bucket, named("lake/sales/orders/LOAD00000001", 0), options);
        List<String> cdcRows =
                duckRows(bucket, named("lake/sales/orders/20240229-120000123", 2), options);
        assertEquals(List.of(load.split(";")), loadRows);
        assertEquals(List.of(cdc.split(";")), cdcRows);
    }

    /** Each DMS date partition sequence and delimiter, as folders of the objects written. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "YYYYMMDD, SLASH, 2024/02/29",
        "YYYYMMDDHH, UNDERSCORE, 2024_02_29_12",
        "YYYYMM, DASH, 2024-02",
        "MMYYYYDD, NONE, 02202429",
        "DDMMYYYY, SLASH, 29/02/2024",
        "yyyymmdd, none, 20240229"
    })
    void datePartitionFoldersFollowTheSettings(String sequence, String delimiter, String folder)
            throws Exception {
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.DATE_PARTITION_ENABLED, "true");
        props.put(S3SinkConfig.DATE_PARTITION_SEQUENCE, sequence);
        props.put(S3SinkConfig.DATE_PARTITION_DELIMITER, delimiter);
        S3SinkTask task = start(props, new HashMap<>());
        task.put(List.of(event(0, "c", null, row(1, "a"), COMMIT)));
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        String key = named("lake/sales/orders/" + folder + "/20240229-120000123", 0);
        assertEquals(List.of(key), keys(bucket));
        assertEquals(List.of("I|1|a"), duckRows(bucket, key, "header=false, all_varchar=true"));
    }

    /**
     * A source restarted from an older position sends changes again, committed before those already
     * written: a file is named no earlier than the partition's last, so names sort in the
     * partition's order (as readers replay them) — also for a task taking the partition over.
     */
    @Test
    void aFileStartingWithAChangeSentAgainIsNamedNoEarlierThanTheLast() throws Exception {
        String bucket = bucket();
        Map<TopicPartition, Long> seeks = new HashMap<>();
        S3SinkTask task = start(props(bucket), seeks);
        task.put(List.of(event(0, "u", row(1, "a"), row(1, "b"), COMMIT.plusSeconds(2))));
        clock.advance(Duration.ofSeconds(60));
        task.put(List.of());
        task.put(
                List.of(
                        event(1, "c", null, row(1, "a"), COMMIT.plusSeconds(1)),
                        event(2, "u", row(1, "a"), row(1, "b"), COMMIT.plusSeconds(2))));
        clock.advance(Duration.ofSeconds(60));
        task.put(List.of());
        task.stop();
        S3SinkTask next = start(props(bucket), seeks);
        next.put(List.of(event(3, "c", null, row(2, "c"), COMMIT.plusSeconds(1))));
        clock.advance(Duration.ofSeconds(60));
        next.put(List.of());
        next.stop();
        List<String> keys = keys(bucket);
        assertEquals(3, keys.size(), keys.toString());
        assertEquals(named("lake/sales/orders/20240229-120002123", 0), keys.get(0));
        assertEquals(named("lake/sales/orders/20240229-120002123", 1), keys.get(1));
        assertTrue(
                keys.get(2).startsWith("lake/sales/orders/20240229-120002123")
                        && keys.get(2).contains("-0000000003-"),
                keys.toString());
    }

    @Test
    void aFileIsWrittenWhenItsIntervalPassesWithoutNewRecords() throws Exception {
        String bucket = bucket();
        S3SinkTask task = start(props(bucket), new HashMap<>());
        task.put(List.of(event(0, "c", null, row(1, "a"), COMMIT)));
        task.put(List.of());
        assertEquals(List.of(), keys(bucket));
        clock.advance(Duration.ofSeconds(60));
        task.put(List.of()); // what a worker does on an idle poll
        task.stop();
        assertEquals(List.of(named("lake/sales/orders/20240229-120000123", 0)), keys(bucket));
    }

    @Test
    void fullLoadFilesRollAtMaxFileSizeWithAHexCounter() throws Exception {
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.MAX_FILE_SIZE, "1");
        props.put(S3SinkConfig.COMPRESSION, "GZIP");
        S3SinkTask task = start(props, new HashMap<>());
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(event(i, "r", null, row(i, "name-" + "x".repeat(40) + i), COMMIT));
        }
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        List<String> keys = keys(bucket);
        assertTrue(keys.size() > 16, keys.toString());
        assertTrue(
                keys.stream().anyMatch(k -> k.startsWith("lake/sales/orders/LOAD0000000A-")),
                keys.toString());
        assertTrue(keys.stream().allMatch(k -> k.endsWith(".csv.gz")), keys.toString());
        int rows = 0;
        for (String key : keys) {
            rows += duckRows(bucket, key, "header=false, compression='gzip'").size();
        }
        assertEquals(400, rows);
    }

    @Test
    void eachRecordLandsOnceAcrossCrashes() throws Exception {
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.CDC_MIN_FILE_SIZE, "1");
        props.put(S3SinkConfig.MAX_FILE_SIZE, "1");
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String op = i < 300 ? "r" : "c";
            records.add(
                    event(i, op, null, row(i, "v" + "y".repeat(30)), COMMIT.plusMillis(i / 50)));
        }
        S3Client client = s3.client();
        Map<TopicPartition, Long> seeks = new HashMap<>();
        for (int crash : new int[] {137, 333, 481}) {
            // The crash: the open file is lost; and once, the state save after an upload too.
            S3SinkTask task =
                    start(
                            props,
                            seeks,
                            crash == 333
                                    ? S3SinkFaultsIT.failStateSaveAfterUpload()
                                    : (operation, key) -> {});
            task.put(
                    records.subList(0, crash)); // replayed from the start: written ones are skipped
        }
        S3SinkTask task = start(props, seeks);
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        List<String> ids = new ArrayList<>();
        for (String key : keys(bucket)) {
            for (String row : duckRows(bucket, key, "header=false, all_varchar=true")) {
                ids.add(row.split("\\|")[row.startsWith("I|") ? 1 : 0]);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(
                expected,
                ids.stream().sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList());
    }

    @Test
    void parquetFilesCarryRealTypesForDuckDb() throws Exception {
        Schema typed =
                SchemaBuilder.struct()
                        .optional()
                        .field("id", Schema.INT64_SCHEMA)
                        .field(
                                "amount",
                                org.apache.kafka.connect.data.Decimal.builder(2)
                                        .parameter("connect.decimal.precision", "12")
                                        .optional()
                                        .build())
                        .field(
                                "created",
                                SchemaBuilder.int64()
                                        .name("io.debezium.time.MicroTimestamp")
                                        .optional()
                                        .build())
                        .field(
                                "day",
                                SchemaBuilder.int32()
                                        .name("io.debezium.time.Date")
                                        .optional()
                                        .build())
                        .field(
                                "seen",
                                SchemaBuilder.string()
                                        .name("io.debezium.time.ZonedTimestamp")
                                        .optional()
                                        .build())
                        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                        .field("ok", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                        .build();
        Schema envelope =
                SchemaBuilder.struct()
                        .field("before", typed)
                        .field("after", typed)
                        .field("source", SOURCE)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Struct after =
                new Struct(typed)
                        .put("id", 1L)
                        .put("amount", new java.math.BigDecimal("1234.50"))
                        .put("created", 1_709_201_472_123_456L)
                        .put("day", 19_782)
                        .put("seen", "2024-02-29T10:11:12.5Z")
                        .put("note", "é, \"x\"")
                        .put("raw", new byte[] {0, (byte) 255})
                        .put("ok", true);
        Struct source =
                new Struct(SOURCE)
                        .put("schema", "sales")
                        .put("table", "orders")
                        .put("ts_ms", COMMIT.toEpochMilli());
        Struct value =
                new Struct(envelope).put("after", after).put("source", source).put("op", "c");
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.DATA_FORMAT, "parquet");
        props.put(S3SinkConfig.COMPRESSION, "SNAPPY");
        S3SinkTask task = start(props, new HashMap<>());
        task.put(List.of(new SinkRecord(PARTITION.topic(), 0, null, null, envelope, value, 0)));
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();

        String key = named("lake/sales/orders/20240229-120000123", 0).replace(".csv", ".parquet");
        assertEquals(List.of(key), keys(bucket));
        Path file = downloads.resolve("typed.parquet");
        s3.client().getObject(b -> b.bucket(bucket).key(key), file);
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement()) {
            try (ResultSet result =
                    statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (result.next()) {
                    types.add(
                            result.getString("column_name")
                                    + " "
                                    + result.getString("column_type"));
                }
            }
            try (ResultSet result =
                    statement.executeQuery(
                            "SELECT Op, id, amount, created, day, seen AT TIME ZONE 'UTC', note, hex(raw), ok"
                                    + " FROM read_parquet('"
                                    + file
                                    + "')")) {
                result.next();
                for (int i = 1; i <= 9; i++) {
                    values.add(result.getString(i));
                }
            }
        }
        assertEquals(
                List.of(
                        "Op VARCHAR",
                        "id BIGINT",
                        "amount DECIMAL(12,2)",
                        "created TIMESTAMP",
                        "day DATE",
                        "seen TIMESTAMP WITH TIME ZONE",
                        "note VARCHAR",
                        "raw BLOB",
                        "ok BOOLEAN"),
                types);
        assertEquals(
                List.of(
                        "I",
                        "1",
                        "1234.50",
                        "2024-02-29 10:11:12.123456",
                        "2024-02-29",
                        "2024-02-29 10:11:12.5",
                        "é, \"x\"",
                        "00FF",
                        "true"),
                values);
    }

    @Test
    void validationNamesAMissingBucket() {
        List<String> errors =
                new S3SinkConnector()
                                .validate(props("no-such-bucket-" + System.nanoTime()))
                                .configValues()
                                .stream()
                                .filter(v -> v.name().equals(S3SinkConfig.BUCKET_NAME))
                                .flatMap(v -> v.errorMessages().stream())
                                .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("does not exist"), errors.get(0));
        String bucket = bucket();
        assertTrue(
                new S3SinkConnector()
                        .validate(props(bucket)).configValues().stream()
                                .allMatch(v -> v.errorMessages().isEmpty()));
    }

    /**
     * Issue 16, item 2: a column an update does not carry (Debezium's placeholder) is written as
     * DMS's CsvNoSupValue when set, else the update is refused — never the placeholder as a value.
     */
    @Test
    void aColumnAnUpdateDoesNotCarryIsMarkedOrRefused() throws Exception {
        String gone = io.ferry.common.UnavailableValues.PLACEHOLDER;
        List<SinkRecord> records =
                List.of(
                        event(0, "u", null, row(1, gone), COMMIT),
                        event(1, "u", null, row(2, "b"), COMMIT));
        String marked = bucket();
        Map<String, String> props = props(marked);
        props.put(S3SinkConfig.USE_CSV_NO_SUP_VALUE, "true");
        props.put(S3SinkConfig.CSV_NO_SUP_VALUE, "NOSUP");
        S3SinkTask task = start(props, new HashMap<>());
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        assertEquals(
                List.of("U|1|NOSUP", "U|2|b"),
                duckRows(marked, keys(marked).get(0), "header=false, all_varchar=true"));

        String refused = bucket();
        Map<String, String> tolerant = props(refused);
        tolerant.put("errors.tolerance", "all");
        S3SinkTask other = new S3SinkTask(clock);
        RecordingSinkContext context = new RecordingSinkContext(tolerant);
        other.initialize(context);
        other.start(tolerant);
        other.open(Set.of(PARTITION));
        other.put(records);
        clock.advance(Duration.ofSeconds(60));
        other.preCommit(Map.of());
        other.stop();
        assertEquals(List.of(records.get(0)), context.reported);
        assertEquals(
                List.of("U|2|b"),
                duckRows(refused, keys(refused).get(0), "header=false, all_varchar=true"));
    }

    @Test
    void aRecordThatCannotBeWrittenGoesToTheDlqWhenTolerated() throws Exception {
        Schema priced =
                SchemaBuilder.struct()
                        .optional()
                        .field("id", Schema.INT32_SCHEMA)
                        .field(
                                "price",
                                org.apache.kafka.connect.data.Decimal.builder(2).optional().build())
                        .build();
        Schema envelope =
                SchemaBuilder.struct()
                        .field("after", priced)
                        .field("source", SOURCE)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Struct source =
                new Struct(SOURCE)
                        .put("schema", "sales")
                        .put("table", "orders")
                        .put("ts_ms", COMMIT.toEpochMilli());
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // The middle price has more decimals than its column's scale: Parquet cannot hold it.
            java.math.BigDecimal price = new java.math.BigDecimal(i == 1 ? "1.234" : "1.25");
            Struct after = new Struct(priced).put("id", i).put("price", price);
            records.add(
                    new SinkRecord(
                            PARTITION.topic(),
                            0,
                            null,
                            null,
                            envelope,
                            new Struct(envelope)
                                    .put("after", after)
                                    .put("source", source)
                                    .put("op", "c"),
                            i));
        }
        String bucket = bucket();
        Map<String, String> props = props(bucket);
        props.put(S3SinkConfig.DATA_FORMAT, "parquet");
        props.put("errors.tolerance", "all");
        S3SinkTask task = new S3SinkTask(clock);
        RecordingSinkContext context = new RecordingSinkContext(props);
        task.initialize(context);
        task.start(props);
        task.open(Set.of(PARTITION));
        task.put(records);
        clock.advance(Duration.ofSeconds(60));
        task.preCommit(Map.of());
        task.stop();
        assertEquals(List.of(records.get(1)), context.reported);
        assertEquals(1, keys(bucket).size());

        Map<String, String> strictProps = props(bucket());
        strictProps.put(S3SinkConfig.DATA_FORMAT, "parquet");
        S3SinkTask strict = start(strictProps, new HashMap<>());
        org.apache.kafka.connect.errors.ConnectException error =
                org.junit.jupiter.api.Assertions.assertThrows(
                        org.apache.kafka.connect.errors.ConnectException.class,
                        () -> strict.put(List.of(records.get(1))));
        assertTrue(error.getMessage().contains(PARTITION.topic() + "-0@1"), error.getMessage());
        strict.stop();
    }

    @Test
    void validationNamesNoSupValuesItCannotWriteAndCodecsCsvCannotTake() {
        for (Map.Entry<String, String> bad :
                Map.of(
                                S3SinkConfig.USE_CSV_NO_SUP_VALUE,
                                S3SinkConfig.DATA_FORMAT + "=parquet",
                                S3SinkConfig.USE_CSV_NO_SUP_VALUE + " ",
                                S3SinkConfig.CSV_NO_SUP_VALUE + "=",
                                S3SinkConfig.COMPRESSION,
                                S3SinkConfig.COMPRESSION + "=snappy")
                        .entrySet()) {
            Map<String, String> props = props("any");
            props.put(S3SinkConfig.USE_CSV_NO_SUP_VALUE, "true");
            props.put(S3SinkConfig.CSV_NO_SUP_VALUE, "NOSUP");
            if (bad.getKey().equals(S3SinkConfig.COMPRESSION)) {
                props.remove(S3SinkConfig.USE_CSV_NO_SUP_VALUE);
            }
            String[] setting = bad.getValue().split("=", -1);
            props.put(setting[0], setting[1]);
            // Never an exception (an HTTP error): an error on the key.
            List<String> errors =
                    new S3SinkConnector()
                            .validate(props).configValues().stream()
                                    .filter(v -> v.name().equals(bad.getKey().trim()))
                                    .flatMap(v -> v.errorMessages().stream())
                                    .toList();
            assertEquals(1, errors.size(), bad + ": " + errors);
        }
    }

    @Test
    void validationRejectsBothCdcFilters() {
        Map<String, String> props = props("any");
        props.put(S3SinkConfig.INSERTS_ONLY, "true");
        props.put(S3SinkConfig.INSERTS_AND_UPDATES, "true");
        List<String> errors =
                new S3SinkConnector()
                        .validate(props).configValues().stream()
                                .filter(v -> v.name().equals(S3SinkConfig.INSERTS_AND_UPDATES))
                                .flatMap(v -> v.errorMessages().stream())
                                .toList();
        assertEquals(1, errors.size(), errors.toString());
    }
}
