package io.ferry.sink.s3;

import io.ferry.aws.AwsSettings;
import io.ferry.common.RetryBudget;
import io.ferry.common.SinkTasks;
import io.ferry.sink.s3.format.CsvFile;
import io.ferry.sink.s3.format.CsvSettings;
import io.ferry.sink.s3.format.DmsRows;
import io.ferry.sink.s3.format.ParquetFile;
import io.ferry.sink.s3.format.ParquetSettings;
import io.ferry.sink.s3.format.RowFile;
import io.ferry.sink.s3.layout.DatePartition;
import io.ferry.sink.s3.layout.ObjectNames;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The S3 sink's settings, each named after the DMS S3 endpoint setting it mirrors ({@code
 * DatePartitionSequence} → {@code date.partition.sequence}) with DMS's default.
 */
public final class S3SinkConfig extends AbstractConfig {
    public static final String BUCKET_NAME = "bucket.name";
    public static final String BUCKET_FOLDER = "bucket.folder";
    public static final String REGION = AwsSettings.REGION;
    public static final String ENDPOINT = "s3.endpoint.url";
    public static final String PATH_STYLE = "s3.path.style.access";
    public static final String ACCESS_KEY = AwsSettings.ACCESS_KEY;
    public static final String SECRET_KEY = AwsSettings.SECRET_KEY;
    public static final String DATA_FORMAT = "data.format";
    public static final String COMPRESSION = "compression.type";
    public static final String CSV_DELIMITER = "csv.delimiter";
    public static final String CSV_ROW_DELIMITER = "csv.row.delimiter";
    public static final String CSV_NULL_VALUE = "csv.null.value";
    public static final String RFC_4180 = "rfc.4180";
    public static final String USE_CSV_NO_SUP_VALUE = "use.csv.no.sup.value";
    public static final String CSV_NO_SUP_VALUE = "csv.no.sup.value";
    public static final String ADD_COLUMN_NAME = "add.column.name";
    public static final String OP_FOR_FULL_LOAD = "include.op.for.full.load";
    public static final String INSERTS_ONLY = "cdc.inserts.only";
    public static final String INSERTS_AND_UPDATES = "cdc.inserts.and.updates";
    public static final String TIMESTAMP_COLUMN = "timestamp.column.name";
    public static final String MAX_FILE_SIZE = "max.file.size";
    public static final String CDC_MAX_BATCH_INTERVAL = "cdc.max.batch.interval";
    public static final String CDC_MIN_FILE_SIZE = "cdc.min.file.size";
    public static final String DATE_PARTITION_ENABLED = "date.partition.enabled";
    public static final String PARQUET_VERSION = "parquet.version";
    public static final String ENABLE_STATISTICS = "enable.statistics";
    public static final String ENCODING_TYPE = "encoding.type";
    public static final String DICT_PAGE_SIZE_LIMIT = "dict.page.size.limit";
    public static final String ROW_GROUP_LENGTH = "row.group.length";
    public static final String DATA_PAGE_SIZE = "data.page.size";
    public static final String PARQUET_MILLIS = "parquet.timestamp.in.millisecond";
    public static final String DATE_PARTITION_SEQUENCE = "date.partition.sequence";
    public static final String DATE_PARTITION_DELIMITER = "date.partition.delimiter";
    public static final String DATE_PARTITION_TIMEZONE = "date.partition.timezone";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";

    public static final ConfigDef CONFIG_DEF =
            AwsSettings.define(
                            new ConfigDef()
                                    .define(
                                            MAX_RETRIES,
                                            Type.INT,
                                            10,
                                            ConfigDef.Range.atLeast(0),
                                            Importance.LOW,
                                            "Retries after an error of S3 or the network (connection refused or"
                                                    + " lost, timeout, a 5xx reply) before the task fails; the"
                                                    + " files not yet uploaded are written again from Kafka.")
                                    .define(
                                            RETRY_BACKOFF_MS,
                                            Type.LONG,
                                            1_000L,
                                            RetryBudget.BACKOFF_VALIDATOR,
                                            Importance.LOW,
                                            "First wait before writing again after such an error; it doubles each"
                                                    + " time, up to 60 s.")
                                    .define(
                                            BUCKET_NAME,
                                            Type.STRING,
                                            ConfigDef.NO_DEFAULT_VALUE,
                                            new ConfigDef.NonEmptyString(),
                                            Importance.HIGH,
                                            "DMS BucketName: the target bucket.")
                                    .define(
                                            BUCKET_FOLDER,
                                            Type.STRING,
                                            "",
                                            Importance.HIGH,
                                            "DMS BucketFolder: an optional top folder; files go under [bucket.folder/]schema/table/."),
                            ENDPOINT,
                            "S3")
                    .define(
                            PATH_STYLE,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "Path-style requests (bucket in the path), as most S3-compatible servers need.")
                    .define(
                            DATA_FORMAT,
                            Type.STRING,
                            "csv",
                            ConfigDef.CaseInsensitiveValidString.in("csv", "parquet"),
                            Importance.HIGH,
                            "DMS DataFormat: csv or parquet.")
                    .define(
                            COMPRESSION,
                            Type.STRING,
                            "NONE",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    "NONE", "GZIP", "SNAPPY", "ZSTD"),
                            Importance.MEDIUM,
                            "DMS CompressionType: NONE or GZIP (CSV files then end in .gz); Parquet also takes SNAPPY and ZSTD (compressed inside the file).")
                    .define(
                            CSV_DELIMITER,
                            Type.STRING,
                            ",",
                            new ConfigDef.NonEmptyString(),
                            Importance.LOW,
                            "DMS CsvDelimiter: the column delimiter.")
                    .define(
                            CSV_ROW_DELIMITER,
                            Type.STRING,
                            "\\n",
                            new ConfigDef.NonEmptyString(),
                            Importance.LOW,
                            "DMS CsvRowDelimiter: the row delimiter.")
                    .define(
                            CSV_NULL_VALUE,
                            Type.STRING,
                            "NULL",
                            Importance.LOW,
                            "DMS CsvNullValue: the text written for NULL; set it empty to write nothing.")
                    .define(
                            USE_CSV_NO_SUP_VALUE,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "DMS UseCsvNoSupValue: write csv.no.sup.value (CSV) for a column an update does not carry (an unchanged TOAST or LOB value the source did not re-select). Off, or without a csv.no.sup.value, or in Parquet: such a change is refused (dead letter queue per errors.tolerance), where DMS writes NULL.")
                    .define(
                            CSV_NO_SUP_VALUE,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "DMS CsvNoSupValue: the text use.csv.no.sup.value writes for such a column.")
                    .define(
                            RFC_4180,
                            Type.BOOLEAN,
                            true,
                            Importance.LOW,
                            "DMS Rfc4180: quote values holding the delimiter, a quote or a line break, doubling inner quotes. Off: no quotes, such characters escaped with a backslash.")
                    .define(
                            ADD_COLUMN_NAME,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "DMS AddColumnName: a header row of column names in each file.")
                    .define(
                            OP_FOR_FULL_LOAD,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS IncludeOpForFullLoad: an Op column (I) in full-load files too.")
                    .define(
                            INSERTS_ONLY,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS CdcInsertsOnly: write only inserts during CDC.")
                    .define(
                            INSERTS_AND_UPDATES,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS CdcInsertsAndUpdates: write inserts and updates, not deletes. Not with cdc.inserts.only.")
                    .define(
                            TIMESTAMP_COLUMN,
                            Type.STRING,
                            "",
                            Importance.MEDIUM,
                            "DMS TimestampColumnName: add a column of this name, yyyy-MM-dd HH:mm:ss.SSSSSS in UTC: transfer time for full load, source commit time for CDC.")
                    .define(
                            MAX_FILE_SIZE,
                            Type.INT,
                            1_048_576,
                            ConfigDef.Range.between(1, 1_048_576),
                            Importance.MEDIUM,
                            "DMS MaxFileSize, in KB: a full-load file is closed at this size.")
                    .define(
                            CDC_MAX_BATCH_INTERVAL,
                            Type.INT,
                            60,
                            ConfigDef.Range.atLeast(1),
                            Importance.MEDIUM,
                            "DMS CdcMaxBatchInterval, in seconds: a file is written this long after it was opened, even if no further record arrives.")
                    .define(
                            CDC_MIN_FILE_SIZE,
                            Type.INT,
                            32_000,
                            ConfigDef.Range.atLeast(1),
                            Importance.MEDIUM,
                            "DMS CdcMinFileSize, in KB: a CDC file is written at this size, or at cdc.max.batch.interval, whichever comes first.")
                    .define(
                            DATE_PARTITION_ENABLED,
                            Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            "DMS DatePartitionEnabled: CDC files go into date folders of the source commit time.")
                    .define(
                            DATE_PARTITION_SEQUENCE,
                            Type.STRING,
                            "YYYYMMDD",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    names(DatePartition.Sequence.values())),
                            Importance.LOW,
                            "DMS DatePartitionSequence: YYYYMMDD, YYYYMMDDHH, YYYYMM, MMYYYYDD or DDMMYYYY.")
                    .define(
                            DATE_PARTITION_DELIMITER,
                            Type.STRING,
                            "SLASH",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    names(DatePartition.Delimiter.values())),
                            Importance.LOW,
                            "DMS DatePartitionDelimiter: SLASH, UNDERSCORE, DASH or NONE.")
                    .define(
                            DATE_PARTITION_TIMEZONE,
                            Type.STRING,
                            "UTC",
                            S3SinkConfig::validZone,
                            Importance.LOW,
                            "DMS DatePartitionTimezone: the Area/Location zone of date folders and CDC file names.")
                    .define(
                            PARQUET_VERSION,
                            Type.STRING,
                            "parquet-1-0",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    "parquet-1-0", "parquet-2-0", "PARQUET_1_0", "PARQUET_2_0"),
                            Importance.LOW,
                            "DMS ParquetVersion: parquet-1-0 or parquet-2-0.")
                    .define(
                            ENABLE_STATISTICS,
                            Type.BOOLEAN,
                            true,
                            Importance.LOW,
                            "DMS EnableStatistics: Parquet page and row-group statistics (nulls, min, max).")
                    .define(
                            ENCODING_TYPE,
                            Type.STRING,
                            "rle-dictionary",
                            ConfigDef.CaseInsensitiveValidString.in(
                                    "rle-dictionary", "plain", "plain-dictionary"),
                            Importance.LOW,
                            "DMS EncodingType: rle-dictionary, plain or plain-dictionary (dictionary encoding on or off).")
                    .define(
                            DICT_PAGE_SIZE_LIMIT,
                            Type.INT,
                            1_048_576,
                            ConfigDef.Range.atLeast(1),
                            Importance.LOW,
                            "DMS DictPageSizeLimit, bytes: the dictionary page limit before falling back to plain encoding.")
                    .define(
                            ROW_GROUP_LENGTH,
                            Type.INT,
                            10_000,
                            ConfigDef.Range.atLeast(1),
                            Importance.LOW,
                            "DMS RowGroupLength: rows per Parquet row group.")
                    .define(
                            DATA_PAGE_SIZE,
                            Type.INT,
                            1_048_576,
                            ConfigDef.Range.atLeast(1),
                            Importance.LOW,
                            "DMS DataPageSize, bytes.")
                    .define(
                            PARQUET_MILLIS,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "DMS ParquetTimestampInMillisecond: Parquet timestamps in milliseconds instead of microseconds (for older Athena and Glue).");

    public S3SinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        String conflict = conflict(getBoolean(INSERTS_ONLY), getBoolean(INSERTS_AND_UPDATES));
        if (conflict != null) {
            throw new ConfigException(INSERTS_AND_UPDATES, true, conflict);
        }
        String codec = codecProblem(upper(DATA_FORMAT), compression());
        if (codec != null) {
            throw new ConfigException(COMPRESSION, getString(COMPRESSION), codec);
        }
        String noSup =
                noSupProblem(
                        getBoolean(USE_CSV_NO_SUP_VALUE),
                        upper(DATA_FORMAT),
                        getString(CSV_NO_SUP_VALUE));
        if (noSup != null) {
            throw new ConfigException(USE_CSV_NO_SUP_VALUE, true, noSup);
        }
    }

    /** Why use.csv.no.sup.value cannot do what it says with these settings, or null. */
    static String noSupProblem(boolean use, String format, String value) {
        if (!use) {
            return null;
        }
        if (!"CSV".equalsIgnoreCase(format)) {
            return "marks columns in CSV files only; Parquet refuses such changes instead";
        }
        return value == null || value.isEmpty() ? "needs a csv.no.sup.value to write" : null;
    }

    /** Why the two CDC filters cannot both be on, or null. */
    static String conflict(boolean insertsOnly, boolean insertsAndUpdates) {
        return insertsOnly && insertsAndUpdates
                ? "cdc.inserts.only and cdc.inserts.and.updates cannot both be true"
                : null;
    }

    /** Why a compression does not go with a format, or null. */
    static String codecProblem(String format, String compression) {
        String codec = compression.toUpperCase(java.util.Locale.ROOT);
        return "CSV".equalsIgnoreCase(format) && (codec.equals("SNAPPY") || codec.equals("ZSTD"))
                ? "CSV files take NONE or GZIP; SNAPPY and ZSTD are for Parquet"
                : null;
    }

    private static void validZone(String name, Object value) {
        try {
            ZoneId.of((String) value);
        } catch (RuntimeException e) {
            throw new ConfigException(
                    name, value, "not a time zone (use Area/Location, e.g. Asia/Seoul)");
        }
    }

    /** DMS settings spell control characters as escapes; Connect trims raw ones away. */
    static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    String bucket() {
        return getString(BUCKET_NAME);
    }

    String bucketFolder() {
        return getString(BUCKET_FOLDER);
    }

    boolean pathStyle() {
        return getBoolean(PATH_STYLE);
    }

    boolean gzip() {
        return compression().equals("GZIP");
    }

    boolean parquet() {
        return upper(DATA_FORMAT).equals("PARQUET");
    }

    private String compression() {
        return upper(COMPRESSION);
    }

    /** DMS takes its enumerated settings in any case ({@code yyyymmdd}, {@code PARQUET_2_0}). */
    private String upper(String key) {
        return getString(key).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** A new local data file in the configured format. */
    RowFile newFile(java.nio.file.Path path) throws java.io.IOException {
        return parquet()
                ? new ParquetFile(path, parquetSettings())
                : new CsvFile(path, csvSettings(), gzip());
    }

    ParquetSettings parquetSettings() {
        String compression = compression();
        return new ParquetSettings(
                upper(PARQUET_VERSION).equals("PARQUET_2_0")
                        ? WriterVersion.PARQUET_2_0
                        : WriterVersion.PARQUET_1_0,
                compression.equals("NONE")
                        ? CompressionCodecName.UNCOMPRESSED
                        : CompressionCodecName.valueOf(compression),
                getBoolean(ENABLE_STATISTICS),
                !upper(ENCODING_TYPE).equals("PLAIN"),
                getInt(DICT_PAGE_SIZE_LIMIT),
                getInt(ROW_GROUP_LENGTH),
                getInt(DATA_PAGE_SIZE),
                getBoolean(PARQUET_MILLIS));
    }

    CsvSettings csvSettings() {
        return new CsvSettings(
                unescape(getString(CSV_DELIMITER)),
                unescape(getString(CSV_ROW_DELIMITER)),
                getString(CSV_NULL_VALUE),
                getBoolean(RFC_4180),
                getBoolean(ADD_COLUMN_NAME));
    }

    DmsRows dmsRows() {
        return new DmsRows(
                getBoolean(OP_FOR_FULL_LOAD),
                getBoolean(INSERTS_ONLY),
                getBoolean(INSERTS_AND_UPDATES),
                getString(TIMESTAMP_COLUMN),
                getBoolean(USE_CSV_NO_SUP_VALUE) ? getString(CSV_NO_SUP_VALUE) : null);
    }

    long maxFileSizeBytes() {
        return getInt(MAX_FILE_SIZE) * 1024L;
    }

    int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    long cdcMinFileSizeBytes() {
        return getInt(CDC_MIN_FILE_SIZE) * 1024L;
    }

    Duration cdcMaxBatchInterval() {
        return Duration.ofSeconds(getInt(CDC_MAX_BATCH_INTERVAL));
    }

    DatePartition datePartition() {
        return new DatePartition(
                getBoolean(DATE_PARTITION_ENABLED),
                DatePartition.Sequence.valueOf(upper(DATE_PARTITION_SEQUENCE)),
                DatePartition.Delimiter.valueOf(upper(DATE_PARTITION_DELIMITER)),
                ZoneId.of(getString(DATE_PARTITION_TIMEZONE)));
    }

    ObjectNames names() {
        return new ObjectNames(
                bucketFolder(),
                parquet() ? ".parquet" : ".csv" + (gzip() ? ".gz" : ""),
                ZoneId.of(getString(DATE_PARTITION_TIMEZONE)));
    }

    /** Connect's errors.tolerance (a worker key, read as given): all means report, not fail. */
    boolean toleratesErrors() {
        return SinkTasks.toleratesErrors(originals());
    }

    String connectorName() {
        return SinkTasks.connectorName(originals(), "ferry-s3-sink");
    }

    /** The region, endpoint and credentials the client is built with. */
    AwsSettings aws() {
        return AwsSettings.of(this, ENDPOINT);
    }
}
