package io.ferry.cli;

import io.ferry.sink.dynamodb.DynamoDbSinkConfig;
import io.ferry.sink.jdbc.JdbcSinkConfig;
import io.ferry.sink.s3.S3SinkConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's four connectors: the DMS source (full load + CDC of {@code dms_sample.%}) and the
 * three sinks reading its topics — PostgreSQL, S3 in DMS's layout as Parquet, and DynamoDB with a
 * DMS object mapping for the walkthrough's {@code vaccine_drive_stats}.
 */
final class DemoConnectors {
    static final String PREFIX = "demo";
    static final String DYNAMODB_TABLE = "vaccine_drive_stats_tab";

    private static final String SELECTION =
            "{\"rule-type\":\"selection\",\"rule-id\":\"1\",\"rule-name\":\"1\",\"object-locator\":"
                    + "{\"schema-name\":\"dms_sample\",\"table-name\":\"%\"},\"rule-action\":\"include\"}";
    private static final String OBJECT_MAPPING =
            "{\"rule-type\":\"object-mapping\",\"rule-id\":\"2\",\"rule-name\":\"2\","
                    + "\"rule-action\":\"map-record-to-record\",\"object-locator\":"
                    + "{\"schema-name\":\"dms_sample\",\"table-name\":\"vaccine_drive_stats\"},"
                    + "\"target-table-name\":\""
                    + DYNAMODB_TABLE
                    + "\",\"mapping-parameters\":{\"partition-key-name\":\"user_id\","
                    + "\"sort-key-name\":\"area_code\",\"exclude-columns\":[\"patient_name\"],"
                    + "\"attribute-mappings\":[{\"target-attribute-name\":\"PatientDetails\","
                    + "\"attribute-type\":\"scalar\",\"attribute-sub-type\":\"string\","
                    + "\"value\":\"${patient_name}, ${age}\"}]}}";

    private DemoConnectors() {}

    static List<ConnectorConfig> all(DemoDatabase database, DemoTargets targets) {
        return List.of(
                source(database), postgresSink(database), s3Sink(targets), dynamoDbSink(targets));
    }

    private static ConnectorConfig source(DemoDatabase database) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.ferry.source.DmsSourceConnector");
        c.put("tasks.max", "1");
        c.put("source.engine", "postgres");
        c.put("migration.type", "full-load-and-cdc");
        c.put("table.mappings", "{\"rules\":[" + SELECTION + "]}");
        c.put("database.hostname", "127.0.0.1");
        c.put("database.port", Integer.toString(database.port()));
        c.put("database.dbname", DemoDatabase.SOURCE_DB);
        c.put("database.user", DemoDatabase.USER);
        c.put("database.password", DemoDatabase.PASSWORD);
        c.put("topic.prefix", PREFIX);
        c.put("slot.name", "ferry_demo");
        c.put("publication.name", "ferry_demo");
        return new ConnectorConfig("demo-source", c);
    }

    private static ConnectorConfig postgresSink(DemoDatabase database) {
        Map<String, String> c = sink("io.ferry.sink.jdbc.JdbcSinkConnector");
        c.put(JdbcSinkConfig.URL, database.url(DemoDatabase.TARGET_DB));
        c.put(JdbcSinkConfig.USER, DemoDatabase.USER);
        c.put(JdbcSinkConfig.PASSWORD, DemoDatabase.PASSWORD);
        c.put(JdbcSinkConfig.TABLE_NAME_FORMAT, "${source.table}");
        c.put(JdbcSinkConfig.TARGET_SCHEMA, DemoSchema.SCHEMA);
        c.put(JdbcSinkConfig.PREP_MODE, "DROP_AND_CREATE");
        c.put(JdbcSinkConfig.BATCH_APPLY, "true");
        return new ConnectorConfig("demo-postgres", c);
    }

    private static ConnectorConfig s3Sink(DemoTargets targets) {
        Map<String, String> c = sink("io.ferry.sink.s3.S3SinkConnector");
        c.put(S3SinkConfig.BUCKET_NAME, DemoTargets.BUCKET);
        c.put(S3SinkConfig.BUCKET_FOLDER, "dms");
        c.put(S3SinkConfig.ENDPOINT, targets.s3Endpoint().toString());
        c.put(S3SinkConfig.PATH_STYLE, "true");
        c.put(S3SinkConfig.REGION, DemoTargets.REGION);
        c.put(S3SinkConfig.ACCESS_KEY, DemoTargets.ACCESS_KEY);
        c.put(S3SinkConfig.SECRET_KEY, DemoTargets.SECRET_KEY);
        c.put(S3SinkConfig.DATA_FORMAT, "parquet");
        c.put(S3SinkConfig.DATE_PARTITION_ENABLED, "true");
        c.put(S3SinkConfig.CDC_MAX_BATCH_INTERVAL, "5");
        return new ConnectorConfig("demo-s3", c);
    }

    private static ConnectorConfig dynamoDbSink(DemoTargets targets) {
        Map<String, String> c = sink("io.ferry.sink.dynamodb.DynamoDbSinkConnector");
        c.put("topics", PREFIX + ".dms_sample." + DemoSchema.DYNAMODB_SOURCE_TABLE);
        c.remove("topics.regex");
        c.put(DynamoDbSinkConfig.ENDPOINT, targets.dynamoDbEndpoint().toString());
        c.put(DynamoDbSinkConfig.REGION, DemoTargets.REGION);
        c.put(DynamoDbSinkConfig.ACCESS_KEY, DemoTargets.ACCESS_KEY);
        c.put(DynamoDbSinkConfig.SECRET_KEY, DemoTargets.SECRET_KEY);
        c.put(
                DynamoDbSinkConfig.TABLE_MAPPINGS,
                "{\"rules\":[" + SELECTION + "," + OBJECT_MAPPING + "]}");
        c.put(DynamoDbSinkConfig.PREP_MODE, "DROP_AND_CREATE");
        c.put(DynamoDbSinkConfig.PARALLEL_THREADS, "4");
        return new ConnectorConfig("demo-dynamodb", c);
    }

    private static Map<String, String> sink(String connectorClass) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", connectorClass);
        c.put("tasks.max", "1");
        c.put("topics.regex", PREFIX + "\\.dms_sample\\..*");
        // A bad record stops the demo rather than hiding in a dead-letter queue.
        c.put("errors.tolerance", "none");
        return c;
    }
}
