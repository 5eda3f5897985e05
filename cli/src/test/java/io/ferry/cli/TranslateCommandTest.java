package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.sink.dynamodb.DynamoDbSinkConfig;
import io.ferry.sink.jdbc.JdbcSinkConfig;
import io.ferry.sink.s3.S3SinkConfig;
import io.ferry.source.DmsSourceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ferry translate} on the seed walkthroughs' DMS JSON, as printed in the DMS guide. */
class TranslateCommandTest {
    private static final Path SEEDS = Path.of("src", "test", "resources", "seeds");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Result(String console, Map<String, String> source, Map<String, String> sink) {}

    private static Result translate(Path dir, String name, String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Ferry());
        command.setOut(new PrintWriter(out));
        String[] all = new String[args.length + 5];
        all[0] = "translate";
        all[1] = "--name";
        all[2] = name;
        all[3] = "--out";
        all[4] = dir.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        assertEquals(0, command.execute(all), out.toString());
        return new Result(
                out.toString(),
                JSON.readValue(
                        dir.resolve(name + "-source.json").toFile(), new TypeReference<>() {}),
                JSON.readValue(
                        dir.resolve(name + "-sink.json").toFile(), new TypeReference<>() {}));
    }

    private static Path write(Path dir, String file, String text) throws Exception {
        return Files.writeString(dir.resolve(file), text);
    }

    private static Path mysqlSource(Path dir) throws Exception {
        return write(
                dir,
                "source.json",
                "{\"EngineName\": \"mysql\", \"ServerName\": \"mysql\", \"Port\": 3306,"
                        + " \"Username\": \"admin\", \"DatabaseName\": \"vaccine_db\"}");
    }

    /** Errors the connector's own ConfigDef finds in a config, by key. */
    private static List<String> errors(ConfigDef def, Map<String, String> config) {
        return def.validate(config).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .map((ConfigValue v) -> v.name() + ": " + v.errorMessages())
                .toList();
    }

    @Test
    void theDynamoDbWalkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        String mappings =
                JSON.readTree(
                                Path.of("..", "config-examples", "mysql-to-dynamodb", "sink.json")
                                        .toFile())
                        .get("table.mappings")
                        .asText();
        Result result =
                translate(
                        dir,
                        "vaccine",
                        "--table-mappings",
                        write(dir, "mappings.json", mappings).toString(),
                        "--task-settings",
                        SEEDS.resolve("ddb-task-settings.json").toString(),
                        "--source-endpoint",
                        mysqlSource(dir).toString(),
                        "--target-endpoint",
                        write(
                                        dir,
                                        "target.json",
                                        "{\"EngineName\": \"dynamodb\", \"DynamoDbSettings\":"
                                                + " {\"ServiceAccessRoleArn\": \"arn:aws:iam::111122223333:role/ddb\"}}")
                                .toString());
        Map<String, String> sink = result.sink();
        assertEquals("io.ferry.sink.dynamodb.DynamoDbSinkConnector", sink.get("connector.class"));
        assertEquals("150", sink.get("parallel.load.threads"));
        assertEquals("1000", sink.get("parallel.load.buffer.size"));
        assertEquals(
                mappings.replaceAll("\\s", ""), sink.get("table.mappings").replaceAll("\\s", ""));
        assertEquals(List.of(), errors(DynamoDbSinkConfig.CONFIG_DEF, sink));
        Map<String, String> source = result.source();
        assertEquals("mysql", source.get("source.engine"));
        assertEquals("mysql", source.get("database.hostname"));
        assertTrue(source.get("database.password").startsWith("${file:"), "no password in JSON");
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        new DmsSourceConfig(source);
        // Issue 16, item 3: the LOB settings are the source's; without LOBs Kafka's sizes do.
        assertEquals("false", source.get("support.lobs"));
        assertEquals("false", source.get("limited.size.lob.mode"));
        assertEquals(null, source.get("producer.override.max.request.size"));
        assertTrue(
                result.console()
                        .contains(
                                "TargetMetadata.LobChunkSize = 0: a Kafka record carries each LOB"
                                        + " whole"),
                result.console());
        assertTrue(result.console().contains("DynamoDbSettings.ServiceAccessRoleArn"));
        assertTrue(result.console().contains("source-endpoint") == false, result.console());
    }

    /** Issue 16, item 1: DMS's truncate handling is the source's to carry out. */
    @Test
    void truncateHandlingGoesToTheSource() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "shop",
                        "--table-mappings",
                        write(
                                        dir,
                                        "mappings.json",
                                        "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\","
                                                + "\"rule-name\":\"1\",\"object-locator\":{\"schema-name\":"
                                                + "\"shop\",\"table-name\":\"%\"},\"rule-action\":\"include\"}]}")
                                .toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"ChangeProcessingDdlHandlingPolicy\": {"
                                                + "\"HandleSourceTableTruncated\": false,"
                                                + " \"HandleSourceTableDropped\": true},"
                                                + " \"FullLoadSettings\": {\"CommitRate\": 50000},"
                                                + " \"ChangeProcessingTuning\": {"
                                                + "\"BatchApplyTimeoutMin\": 5,"
                                                + " \"BatchApplyMemoryLimit\": 500,"
                                                + " \"BatchApplyTimeoutMax\": 30},"
                                                + " \"ErrorBehavior\": {\"DataErrorPolicy\": \"LOG_ERROR\","
                                                + " \"RecoverableErrorCount\": -1,"
                                                + " \"RecoverableErrorInterval\": 5,"
                                                + " \"ApplyErrorInsertPolicy\": \"LOG_ERROR\"}}")
                                .toString(),
                        "--source-endpoint",
                        mysqlSource(dir).toString(),
                        "--target-endpoint",
                        write(
                                        dir,
                                        "target.json",
                                        "{\"EngineName\": \"postgres\", \"ServerName\": \"db\","
                                                + " \"Port\": 5432, \"DatabaseName\": \"shop\","
                                                + " \"Username\": \"u\", \"SslMode\": \"require\"}")
                                .toString());
        assertEquals("false", result.source().get("handle.source.table.truncated"));
        Map<String, String> sink = result.sink();
        assertEquals("50000", sink.get("batch.size"), "CommitRate is the JDBC sink's batch.size");
        assertEquals("5", sink.get("batch.apply.timeout.min"));
        assertEquals(null, sink.get("batch.apply.memory.limit"), "DMS's 500 MB is not a task's");
        assertTrue(
                result.console()
                        .contains(
                                "ChangeProcessingTuning.BatchApplyMemoryLimit = 500: left at"
                                        + " Ferry's 100 MB a task"),
                result.console());
        assertTrue(
                result.console()
                        .contains(
                                "ChangeProcessingTuning.BatchApplyTimeoutMax = 30: no Ferry setting"),
                result.console());
        assertEquals("all", sink.get("errors.tolerance"), "LOG_ERROR: a bad row goes on");
        assertEquals("shop-dlq", sink.get("errors.deadletterqueue.topic.name"));
        assertEquals("2147483646", sink.get("max.retries"));
        assertEquals("5000", sink.get("retry.backoff.ms"));
        assertEquals(List.of(), errors(JdbcSinkConfig.CONFIG_DEF, sink));
        assertTrue(
                result.console()
                        .contains("ApplyErrorInsertPolicy = LOG_ERROR: Ferry's sinks upsert"),
                result.console());
        assertEquals(null, result.sink().get("handle.source.table.truncated"));
        assertTrue(
                result.console()
                        .contains(
                                "ChangeProcessingDdlHandlingPolicy.HandleSourceTableDropped = true:"
                                        + " no Ferry setting"),
                result.console());
    }

    @Test
    void theMySqlToS3Walkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        String settings = Files.readString(SEEDS.resolve("mysql-s3-endpoint-settings.json"));
        Result result =
                translate(
                        dir,
                        "shard1",
                        "--table-mappings",
                        write(
                                        dir,
                                        "mappings.json",
                                        "{\"rules\":[{\"rule-type\":\"selection\",\"rule-id\":\"1\","
                                                + "\"rule-name\":\"1\",\"object-locator\":{\"schema-name\":"
                                                + "\"dms_sample\",\"table-name\":\"%\"},\"rule-action\":\"include\"}]}")
                                .toString(),
                        "--source-endpoint",
                        mysqlSource(dir).toString(),
                        "--target-endpoint",
                        write(
                                        dir,
                                        "target.json",
                                        "{\"EngineName\": \"s3\", \"S3Settings\": "
                                                + settings
                                                + "}")
                                .toString());
        Map<String, String> sink = result.sink();
        assertEquals("io.ferry.sink.s3.S3SinkConnector", sink.get("connector.class"));
        assertEquals("endpoint1", sink.get("bucket.folder"));
        assertEquals("64000", sink.get("max.file.size"));
        assertEquals("3600", sink.get("cdc.max.batch.interval"));
        assertEquals("true", sink.get("include.op.for.full.load"));
        assertEquals("\\n", sink.get("csv.row.delimiter"));
        assertEquals("shard1\\..*", sink.get("topics.regex"));
        assertEquals(List.of(), errors(S3SinkConfig.CONFIG_DEF, sink));
        assertTrue(
                result.console().contains("S3Settings.ServiceAccessRoleArn"),
                "the IAM role is listed, not dropped: " + result.console());
    }

    private static Path endpoint(
            Path dir, String file, String engine, String server, int port, String db)
            throws Exception {
        return write(
                dir,
                file,
                "{\"EngineName\": \""
                        + engine
                        + "\", \"ServerName\": \""
                        + server
                        + "\", \"Port\": "
                        + port
                        + ", \"Username\": \"dms_user\", \"DatabaseName\": \""
                        + db
                        + "\"}");
    }

    /** The S3 walkthrough's wizard settings, as a target endpoint. */
    private static Path s3Target(Path dir, String walkthrough) throws Exception {
        String settings =
                JSON.readTree(SEEDS.resolve("s3-wizard-settings.json").toFile())
                        .get(walkthrough)
                        .toString();
        // The wizard tables leave out the bucket every S3 endpoint names.
        settings = settings.replaceFirst("\\{", "{\"BucketName\": \"dms-data-lake\", ");
        return write(
                dir, "target.json", "{\"EngineName\": \"s3\", \"S3Settings\": " + settings + "}");
    }

    private static Result s3Walkthrough(
            String name, String mappings, String walkthrough, Path source, Path dir)
            throws Exception {
        Result result =
                translate(
                        dir,
                        name,
                        "--table-mappings",
                        SEEDS.resolve(mappings).toString(),
                        "--source-endpoint",
                        source.toString(),
                        "--target-endpoint",
                        s3Target(dir, walkthrough).toString());
        assertEquals("io.ferry.sink.s3.S3SinkConnector", result.sink().get("connector.class"));
        assertEquals(List.of(), errors(S3SinkConfig.CONFIG_DEF, result.sink()));
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, result.source()));
        new DmsSourceConfig(result.source());
        return result;
    }

    /** W-PG-S3: CSV with yyyymmdd date folders, the claim table's parallel-load ranges. */
    @Test
    void thePostgresToS3Walkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                s3Walkthrough(
                        "insurance",
                        "pg-s3-table-mappings.json",
                        "pg",
                        endpoint(dir, "source.json", "postgres", "rds-postgres", 5432, "insurance"),
                        dir);
        Map<String, String> sink = result.sink();
        assertEquals("true", sink.get("date.partition.enabled"));
        assertEquals("YYYYMMDD", sink.get("date.partition.sequence").toUpperCase());
        assertEquals("NONE", sink.get("date.partition.delimiter").toUpperCase());
        assertEquals("true", sink.get("enable.statistics"));
        assertEquals("postgres", result.source().get("source.engine"));
        assertTrue(result.source().get("table.mappings").contains("claim_requested_timestamp"));
        // Issue 18: the claim table's ranges are the DMS source's parallel load, then CDC.
        assertEquals("io.ferry.source.DmsSourceConnector", result.source().get("connector.class"));
        assertEquals("full-load-and-cdc", result.source().get("migration.type"));
        assertEquals("8", result.source().get("tasks.max"));
        assertTrue(!result.console().contains("parallel-load"), result.console());
        // Issue 16, item 3: whole LOBs (no task settings) need Kafka records of 16 MiB.
        assertEquals("16777216", result.source().get("producer.override.max.request.size"));
        assertEquals("16777216", result.source().get("topic.creation.default.max.message.bytes"));
        assertEquals("16777216", sink.get("consumer.override.max.partition.fetch.bytes"));
    }

    /**
     * Issue 18: a full load whose mapping cuts a table into ranges is the DMS source running
     * Ferry's parallel full load (with Ferry's Debezium settings), with DMS's MaxFullLoadSubTasks
     * and CommitRate, the ranges and load order carried over; LOB task settings keep Debezium's
     * load.
     */
    @Test
    void aFullLoadWithRangesIsTheParallelFullLoad() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "insurance",
                        "--migration-type",
                        "full-load",
                        "--table-mappings",
                        SEEDS.resolve("pg-s3-table-mappings.json").toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"FullLoadSettings\": {\"MaxFullLoadSubTasks\": 4,"
                                                + " \"CommitRate\": 20000}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "postgres", "rds-postgres", 5432, "insurance")
                                .toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        Map<String, String> source = result.source();
        assertEquals("io.ferry.source.DmsSourceConnector", source.get("connector.class"));
        assertEquals("full-load", source.get("migration.type"));
        assertEquals("4", source.get("max.full.load.subtasks"));
        assertEquals("4", source.get("tasks.max"));
        assertEquals("20000", source.get("commit.rate"));
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        assertEquals(
                List.of(),
                errors(io.ferry.source.fullload.FullLoadConfig.CONFIG_DEF, source),
                "the parallel load's keys validate");
        assertTrue(
                io.ferry.source.fullload.FullLoadConfig.carriesOut(source),
                "the DMS source takes the parallel load");
        assertTrue(source.get("table.mappings").contains("parallel-load"));
        assertTrue(!result.console().contains("parallel-load"), result.console());
        assertTrue(!result.console().contains("MaxFullLoadSubTasks"), result.console());

        Result lobs =
                translate(
                        dir,
                        "insurance",
                        "--migration-type",
                        "full-load",
                        "--table-mappings",
                        SEEDS.resolve("pg-s3-table-mappings.json").toString(),
                        "--task-settings",
                        write(dir, "lobs.json", "{\"TargetMetadata\": {\"SupportLobs\": false}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "postgres", "rds-postgres", 5432, "insurance")
                                .toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        assertEquals("false", lobs.source().get("support.lobs"));
        assertTrue(
                !io.ferry.source.fullload.FullLoadConfig.carriesOut(lobs.source()),
                "LOB settings keep Debezium's load, which honours them");
        assertTrue(lobs.console().contains("parallel-load is not carried out"), lobs.console());
    }

    /**
     * Issue 18: the DMS guide's MySQL walkthrough cuts its tables by {@code partitions-auto} (one
     * of them without partitions); from a MariaDB source in a full load that is Ferry's parallel
     * full load, nothing left over.
     */
    @Test
    void aMariaDbFullLoadWithPartitionsAutoIsTheParallelFullLoad() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        StringBuilder rules =
                new StringBuilder(
                        "{\"rules\": [{\"rule-type\": \"selection\", \"rule-id\": 1,"
                                + " \"rule-name\": \"1\", \"object-locator\": {\"schema-name\":"
                                + " \"dms_sample\", \"table-name\": \"%\"}, \"rule-action\":"
                                + " \"include\"}");
        String[][] tables = {{"2", "2", "post_history"}, {"3", "3", "posts"}, {"4", "4", "votes"}};
        for (String[] t : tables) {
            rules.append(
                    ", {\"rule-type\": \"table-settings\", \"rule-id\": %s, \"rule-name\": \"%s\","
                                    .formatted(t[0], t[1])
                            + " \"object-locator\": {\"schema-name\": \"dms_sample\","
                            + " \"table-name\": \""
                            + t[2]
                            + "\"}, \"parallel-load\": {\"type\": \"partitions-auto\"}}");
        }
        rules.append("]}");
        Result result =
                translate(
                        dir,
                        "dms_sample",
                        "--migration-type",
                        "full-load",
                        "--table-mappings",
                        write(dir, "mappings.json", rules.toString()).toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"FullLoadSettings\": {\"MaxFullLoadSubTasks\": 49}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "mariadb", "mariadb", 3306, "dms_sample")
                                .toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        Map<String, String> source = result.source();
        assertEquals("io.ferry.source.DmsSourceConnector", source.get("connector.class"));
        assertEquals("49", source.get("max.full.load.subtasks"));
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        assertEquals(
                List.of(),
                errors(io.ferry.source.fullload.FullLoadConfig.CONFIG_DEF, source),
                "the parallel load's keys validate");
        assertTrue(
                io.ferry.source.fullload.FullLoadConfig.carriesOut(source),
                "the DMS source takes the parallel load");
        assertTrue(!result.console().contains("parallel-load"), result.console());
    }

    /**
     * Issue 18: with CDC, the DMS source runs the parallel load of a PostgreSQL source, then
     * captures from the slot it made.
     */
    @Test
    void withCdcTheDmsSourceRunsTheParallelLoadThenCaptures() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "insurance",
                        "--table-mappings",
                        SEEDS.resolve("pg-s3-table-mappings.json").toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"FullLoadSettings\": {\"MaxFullLoadSubTasks\": 4,"
                                                + " \"CommitRate\": 20000}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "postgres", "rds-postgres", 5432, "insurance")
                                .toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        Map<String, String> source = result.source();
        assertEquals("io.ferry.source.DmsSourceConnector", source.get("connector.class"));
        assertEquals("full-load-and-cdc", source.get("migration.type"));
        assertEquals("4", source.get("max.full.load.subtasks"));
        assertEquals("4", source.get("tasks.max"));
        assertEquals("20000", source.get("commit.rate"));
        assertTrue(source.get("slot.name") != null, "CDC reads the slot the load makes");
        assertTrue(
                io.ferry.source.fullload.FullLoadConfig.carriesOut(source),
                "the DMS source takes the parallel load");
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        assertTrue(!result.console().contains("MaxFullLoadSubTasks"), result.console());
    }

    /** Issue 18: a MariaDB source with CDC loads with Debezium, and says what it does not do. */
    @Test
    void maxFullLoadSubTasksIsReportedWhereTheDmsSourceLoads() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "insurance",
                        "--table-mappings",
                        SEEDS.resolve("pg-s3-table-mappings.json").toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"FullLoadSettings\": {\"MaxFullLoadSubTasks\": 4}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "mariadb", "rds-mariadb", 3306, "insurance")
                                .toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        assertEquals("io.ferry.source.DmsSourceConnector", result.source().get("connector.class"));
        assertTrue(
                result.console()
                        .contains(
                                "FullLoadSettings.MaxFullLoadSubTasks = 4: the DMS source's full"
                                        + " load is one Debezium snapshot thread"),
                result.console());
    }

    /** Issue 16, item 3: limited LOB mode goes to the source, with the record sizes it needs. */
    @Test
    void limitedLobModeGoesToTheSourceWithTheRecordSizesItNeeds() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "docs",
                        "--table-mappings",
                        SEEDS.resolve("pg-s3-table-mappings.json").toString(),
                        "--task-settings",
                        write(
                                        dir,
                                        "task.json",
                                        "{\"TargetMetadata\": {\"SupportLobs\": true,"
                                                + " \"FullLobMode\": false, \"LobChunkSize\": 64,"
                                                + " \"LimitedSizeLobMode\": true,"
                                                + " \"LobMaxSize\": 1024}}")
                                .toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "postgres", "pg", 5432, "docs").toString(),
                        "--target-endpoint",
                        s3Target(dir, "pg").toString());
        Map<String, String> source = result.source();
        assertEquals("true", source.get("limited.size.lob.mode"));
        assertEquals("1024", source.get("lob.max.size"));
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, source));
        String bytes = Long.toString(1_048_576L + 8L * 1024 * 1024);
        assertEquals(bytes, source.get("producer.override.max.request.size"));
        assertEquals("-1", source.get("topic.creation.default.replication.factor"));
        assertEquals(bytes, result.sink().get("consumer.override.max.partition.fetch.bytes"));
    }

    /** Issue 16, item 9: aurora-postgresql is PostgreSQL — its database is named, a slot made. */
    @Test
    void anAuroraPostgresSourceGetsItsDatabase() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                s3Walkthrough(
                        "insurance",
                        "pg-s3-table-mappings.json",
                        "pg",
                        endpoint(
                                dir,
                                "source.json",
                                "aurora-postgresql",
                                "aurora-pg",
                                5432,
                                "insurance"),
                        dir);
        assertEquals("insurance", result.source().get("database.dbname"));
        assertEquals("ferry_insurance", result.source().get("slot.name"));
        assertEquals(null, result.source().get("schema.history.internal.kafka.topic"));
    }

    /** W-ORA-S3: Parquet 2.0, DASH date folders, the misspelt timestamp column kept as given. */
    @Test
    void theOracleToS3Walkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                s3Walkthrough(
                        "sh",
                        "ora-s3-table-mappings.json",
                        "oracle",
                        endpoint(dir, "source.json", "oracle", "rds-oracle", 1521, "ORCL"),
                        dir);
        Map<String, String> sink = result.sink();
        assertEquals("parquet", sink.get("data.format").toLowerCase());
        assertEquals("DASH", sink.get("date.partition.delimiter").toUpperCase());
        assertEquals("sourcetscolumnn", sink.get("timestamp.column.name"));
        assertEquals("3600", sink.get("cdc.max.batch.interval"));
        assertEquals("oracle", result.source().get("source.engine"));
        assertTrue(result.console().contains("CdcPath"), "CdcPath is listed: " + result.console());
    }

    /** W-SQLS-S3: Parquet, SLASH folders, Op on full load, the LSN header column rule. */
    @Test
    void theSqlServerToS3Walkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                s3Walkthrough(
                        "adventureworks",
                        "sqls-s3-table-mappings.json",
                        "sqlserver",
                        endpoint(
                                dir,
                                "source.json",
                                "sqlserver",
                                "rds-sqlserver",
                                1433,
                                "AdventureWorks"),
                        dir);
        Map<String, String> sink = result.sink();
        assertEquals("SLASH", sink.get("date.partition.delimiter").toUpperCase());
        assertEquals("true", sink.get("include.op.for.full.load"));
        assertEquals("sourceRecordTime", sink.get("timestamp.column.name"));
        assertEquals("sqlserver", result.source().get("source.engine"));
        // Issue 16, item 9: Debezium's SQL Server connector reads a list of databases.
        assertEquals("AdventureWorks", result.source().get("database.names"));
        assertEquals(null, result.source().get("database.dbname"));
        assertTrue(
                sink.values().stream().anyMatch(v -> v.contains("$AR_H_STREAM_POSITION")),
                sink.toString());
    }

    /** W-ORA-PG: Oracle to PostgreSQL through the JDBC sink, lower-case rules as printed. */
    @Test
    void theOracleToPostgresWalkthrough() throws Exception {
        Path dir = Files.createTempDirectory("translate");
        Result result =
                translate(
                        dir,
                        "dms_sample",
                        "--table-mappings",
                        SEEDS.resolve("ora-pg-table-mappings.json").toString(),
                        "--source-endpoint",
                        endpoint(dir, "source.json", "oracle", "onprem-oracle", 1521, "ORCL")
                                .toString(),
                        "--target-endpoint",
                        endpoint(
                                        dir,
                                        "target.json",
                                        "aurora-postgresql",
                                        "aurora-pg",
                                        5432,
                                        "dms_sample")
                                .toString());
        Map<String, String> sink = result.sink();
        assertEquals("io.ferry.sink.jdbc.JdbcSinkConnector", sink.get("connector.class"));
        assertEquals("jdbc:postgresql://aurora-pg:5432/dms_sample", sink.get("connection.url"));
        assertEquals(List.of(), errors(JdbcSinkConfig.CONFIG_DEF, sink));
        assertEquals(List.of(), errors(DmsSourceConfig.CONFIG_DEF, result.source()));
        assertTrue(
                sink.values().stream().anyMatch(v -> v.contains("convert-lowercase")),
                sink.toString());
    }
}
