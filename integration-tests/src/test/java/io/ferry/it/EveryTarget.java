package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalDynamoDb;
import io.ferry.testing.LocalS3;
import io.ferry.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One source's topics written by every Ferry sink at once — JDBC into PostgreSQL and into MariaDB,
 * S3 (CSV, with the {@code Op} column and DMS's marker for columns an update does not carry) and
 * DynamoDB — each behind the same table-mapping SMT, and each target read back as rows {@code
 * id|col|…} ordered by a numeric {@code id}: the SQL targets by query, S3 by replaying its objects'
 * {@code Op} rows in name order, DynamoDB by a scan.
 */
final class EveryTarget implements AutoCloseable {
    static final String NO_SUP = "__unchanged__";

    private final ConnectorHost connect;
    private final UnaryOperator<String> route;
    private final String name;
    private final String bucket;
    private final LocalS3 s3 = LocalServers.s3();
    private final LocalDynamoDb dynamo = LocalServers.dynamoDb();
    private final boolean tolerant;
    private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    private final Map<String, String> sinkSettings;

    /**
     * @param name the source connector's name (and topic prefix); sinks are named after it, and
     *     JDBC targets go to the schema/database {@code <name>_target}
     */
    EveryTarget(EmbeddedConnectCluster connect, String name, String mappings) {
        this(connect, name, mappings, false);
    }

    /**
     * @param tolerant each sink sends a record it cannot write to its dead letter topic {@code
     *     <name>-<sink>-dlq}, with Connect's context headers, and goes on
     */
    EveryTarget(EmbeddedConnectCluster connect, String name, String mappings, boolean tolerant) {
        this(connect, name, mappings, tolerant, t -> {});
    }

    /**
     * @param beforeSinks run once the targets are emptied, before the sinks start: to leave what a
     *     target holds before the migration
     */
    EveryTarget(
            EmbeddedConnectCluster connect,
            String name,
            String mappings,
            boolean tolerant,
            java.util.function.Consumer<EveryTarget> beforeSinks) {
        this(ConnectorHost.of(connect), name, mappings, tolerant, beforeSinks, u -> u, Map.of());
    }

    /**
     * @param route the address each sink is given for its target, from the target's own (JDBC URL,
     *     S3 or DynamoDB endpoint): to put a proxy in between
     * @param sinkSettings set on every sink over the defaults (one task each)
     */
    EveryTarget(
            ConnectorHost connect,
            String name,
            String mappings,
            boolean tolerant,
            java.util.function.Consumer<EveryTarget> beforeSinks,
            UnaryOperator<String> route,
            Map<String, String> sinkSettings) {
        this.connect = connect;
        this.route = route;
        this.sinkSettings = Map.copyOf(sinkSettings);
        this.tolerant = tolerant;
        this.name = name;
        this.bucket = name.replace('_', '-');
        s3.client().createBucket(b -> b.bucket(bucket));
        LocalServers.mariadb().execute("DROP DATABASE IF EXISTS " + target());
        LocalServers.postgres().execute("DROP SCHEMA IF EXISTS " + target() + " CASCADE");
        beforeSinks.accept(this);
        configure("to-pg", jdbc(LocalServers.postgres(), mappings));
        configure("to-mariadb", jdbc(LocalServers.mariadb(), mappings));
        Map<String, String> toS3 = common("io.ferry.sink.s3.S3SinkConnector", mappings);
        toS3.put("bucket.name", bucket);
        toS3.put("bucket.folder", "dms");
        toS3.put("s3.endpoint.url", route.apply(s3.endpoint().toString()));
        toS3.put("s3.path.style.access", "true");
        toS3.put("aws.region", LocalS3.REGION.id());
        toS3.put("aws.access.key.id", LocalS3.ACCESS_KEY);
        toS3.put("aws.secret.access.key", LocalS3.SECRET_KEY);
        toS3.put("include.op.for.full.load", "true");
        toS3.put("cdc.max.batch.interval", "1");
        // DMS's marker for a column an update does not carry; the replay keeps its value.
        toS3.put("use.csv.no.sup.value", "true");
        toS3.put("csv.no.sup.value", NO_SUP);
        configure("to-s3", toS3);
        Map<String, String> toDdb =
                common("io.ferry.sink.dynamodb.DynamoDbSinkConnector", mappings);
        toDdb.put("dynamodb.endpoint.url", route.apply(dynamo.endpoint().toString()));
        toDdb.put("aws.region", LocalDynamoDb.REGION.id());
        toDdb.put("aws.access.key.id", LocalDynamoDb.ACCESS_KEY);
        toDdb.put("aws.secret.access.key", LocalDynamoDb.SECRET_KEY);
        toDdb.put("target.table.prep.mode", "DROP_AND_CREATE");
        configure("to-ddb", toDdb);
    }

    /**
     * Adds a fifth sink, {@code to-parquet}: S3 as {@link #parquetFolder() Parquet files}, in the
     * same bucket under its own folder.
     */
    void addParquet() {
        Map<String, String> toParquet = new HashMap<>(configs.get("to-s3"));
        toParquet.put("data.format", "parquet");
        toParquet.put("bucket.folder", parquetFolder());
        toParquet.remove("use.csv.no.sup.value");
        toParquet.remove("csv.no.sup.value");
        configure("to-parquet", toParquet);
    }

    /** The folder of the {@link #addParquet() Parquet sink}'s files. */
    String parquetFolder() {
        return "parquet";
    }

    /** Local S3, for what a test reads back. */
    LocalS3 s3() {
        return s3;
    }

    /** The bucket the S3 sinks write to. */
    String bucket() {
        return bucket;
    }

    /** The name a sink ({@code to-pg}, …) runs under. */
    String sinkName(String kind) {
        return sink(kind);
    }

    /** DynamoDB Local, for what a test puts there first or reads back. */
    LocalDynamoDb dynamo() {
        return dynamo;
    }

    /**
     * A DynamoDB table's key attribute names (partition, then sort) and its item count; {@code (no
     * table)} when it does not exist.
     */
    String dynamoTable(String table) {
        try (DynamoDbClient client = dynamo.client()) {
            var description = client.describeTable(b -> b.tableName(table)).table();
            long items = client.scanPaginator(b -> b.tableName(table)).items().stream().count();
            return description.keySchema().stream().map(k -> k.attributeName()).toList()
                    + " with "
                    + items
                    + " items";
        } catch (ResourceNotFoundException e) {
            return "(no table)";
        }
    }

    /** The S3 objects of a mapped table. */
    List<String> s3Objects(String schema, String table) {
        return s3
                .client()
                .listObjectsV2Paginator(
                        b -> b.bucket(bucket).prefix("dms/" + schema + "/" + table + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    /** The schema (PostgreSQL) or database (MariaDB) the JDBC sinks write to. */
    String target() {
        return name + "_target";
    }

    private String sink(String kind) {
        return name + "-" + kind;
    }

    private void configure(String kind, Map<String, String> config) {
        if (tolerant) {
            config.put("errors.deadletterqueue.topic.name", sink(kind) + "-dlq");
        }
        configs.put(kind, config);
        connect.configure(sink(kind), config);
    }

    /** Deletes one sink ({@code to-pg}, {@code to-mariadb}, {@code to-s3}, {@code to-ddb}). */
    void delete(String kind) {
        connect.delete(sink(kind));
    }

    /** Creates a deleted sink again, under its name and with its config. */
    void recreate(String kind) {
        connect.configure(sink(kind), configs.get(kind));
    }

    /**
     * The error messages of the records a sink ({@code to-pg}, {@code to-mariadb}, {@code to-s3},
     * {@code to-ddb}) sent to its dead letter topic, waiting for {@code count} of them.
     */
    List<String> refused(String kind, int count) {
        List<String> messages = new ArrayList<>();
        for (var record : connect.kafka().consume(count, 60_000, sink(kind) + "-dlq")) {
            var header = record.headers().lastHeader("__connect.errors.exception.message");
            messages.add(
                    header == null
                            ? "(no message)"
                            : new String(header.value(), StandardCharsets.UTF_8));
        }
        return messages;
    }

    private Map<String, String> common(String connectorClass, String mappings) {
        Map<String, String> config = new HashMap<>();
        if (tolerant) {
            config.put("errors.tolerance", "all");
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            config.put("errors.deadletterqueue.context.headers.enable", "true");
        }
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("topics.regex", name.replace(".", "\\.") + "\\..*");
        config.put("transforms", "dms");
        config.put("transforms.dms.type", "io.ferry.tablemapping.TableMapping");
        config.put("transforms.dms.table.mappings", mappings);
        config.putAll(sinkSettings);
        return config;
    }

    private Map<String, String> jdbc(LocalDatabase db, String mappings) {
        Map<String, String> config = common("io.ferry.sink.jdbc.JdbcSinkConnector", mappings);
        config.put("connection.url", route.apply(db.jdbcUrl()));
        config.put("connection.user", LocalDatabase.USER);
        config.put("connection.password", LocalDatabase.PASSWORD);
        config.put("target.schema", target());
        config.put("target.table.prep.mode", "DROP_AND_CREATE");
        return config;
    }

    /** Each target's rows of the mapped table {@code schema.table}, by target. */
    Map<String, List<String>> rows(String schema, String table, List<String> columns) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String select = "SELECT " + String.join(", ", columns) + " FROM " + target() + "." + table;
        out.put("postgres", sql(LocalServers.postgres(), select));
        out.put("mariadb", sql(LocalServers.mariadb(), select));
        out.put("s3", s3Rows(schema, table, columns.size()));
        out.put("dynamodb", dynamoRows(table, columns));
        return out;
    }

    /** The SQL targets' column types of the mapped table, {@code column type} in column order. */
    Map<String, List<String>> columnTypes(String table) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(
                "postgres",
                LocalServers.postgres()
                        .rows(
                                "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM"
                                        + " pg_attribute WHERE attrelid = '"
                                        + target()
                                        + "."
                                        + table
                                        + "'::regclass AND attnum > 0 AND NOT attisdropped"
                                        + " ORDER BY attnum"));
        out.put(
                "mariadb",
                LocalServers.mariadb()
                        .rows(
                                "SELECT CONCAT(column_name, ' ', column_type) FROM"
                                        + " information_schema.columns WHERE table_schema = '"
                                        + target()
                                        + "' AND table_name = '"
                                        + table
                                        + "' ORDER BY ordinal_position"));
        return out;
    }

    /** Waits until every target holds exactly {@code expected}. */
    void await(String schema, String table, List<String> columns, List<String> expected)
            throws InterruptedException {
        await(schema, table, columns, expected, UnaryOperator.identity());
    }

    /** Waits until every target holds exactly {@code expected}, rows seen through {@code view}. */
    void await(
            String schema,
            String table,
            List<String> columns,
            List<String> expected,
            UnaryOperator<String> view)
            throws InterruptedException {
        TestUtils.waitForCondition(
                () ->
                        seen(schema, table, columns, view).values().stream()
                                .allMatch(expected::equals),
                120_000,
                () ->
                        "expected "
                                + expected
                                + " in every target: "
                                + seen(schema, table, columns, view));
    }

    private Map<String, List<String>> seen(
            String schema, String table, List<String> columns, UnaryOperator<String> view) {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        rows(schema, table, columns)
                .forEach((target, rows) -> seen.put(target, rows.stream().map(view).toList()));
        return seen;
    }

    /**
     * The column names each target has for the mapped table: the SQL targets' catalogs, the
     * attributes of DynamoDB's items, and the cells after {@code Op} in S3's rows, counted.
     */
    Map<String, List<String>> columns(String schema, String table) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String catalog =
                "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                        + target()
                        + "' AND table_name = '"
                        + table
                        + "' ORDER BY ordinal_position";
        out.put("postgres", LocalServers.postgres().rows(catalog));
        out.put("mariadb", LocalServers.mariadb().rows(catalog));
        java.util.TreeSet<String> attributes = new java.util.TreeSet<>();
        try (DynamoDbClient client = dynamo.client()) {
            client.scanPaginator(b -> b.tableName(table))
                    .items()
                    .forEach(i -> attributes.addAll(i.keySet()));
        }
        out.put("dynamodb", List.copyOf(attributes));
        java.util.TreeSet<String> widths = new java.util.TreeSet<>();
        for (S3Object object :
                s3.client()
                        .listObjectsV2Paginator(
                                b -> b.bucket(bucket).prefix("dms/" + schema + "/" + table + "/"))
                        .contents()) {
            for (String line :
                    s3.client()
                            .getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                            .asString(StandardCharsets.UTF_8)
                            .split("\n")) {
                widths.add((line.split(",", -1).length - 1) + " cells");
            }
        }
        out.put("s3", List.copyOf(widths));
        return out;
    }

    private static List<String> sql(LocalDatabase db, String select) {
        try {
            return sortById(db.rows(select));
        } catch (RuntimeException e) {
            return List.of("(" + e.getMessage() + ")"); // the table is not there yet
        }
    }

    /**
     * The rows the objects' Op rows leave, replayed in DMS's order (full load, then CDC), a column
     * marked {@link #NO_SUP} keeping its earlier value.
     */
    private List<String> s3Rows(String schema, String table, int columns) {
        String prefix = "dms/" + schema + "/" + table + "/";
        List<String> keys =
                s3
                        .client()
                        .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                        .contents()
                        .stream()
                        .map(S3Object::key)
                        .sorted()
                        .toList();
        List<String> ordered =
                new ArrayList<>(keys.stream().filter(k -> k.contains("/LOAD")).toList());
        ordered.addAll(keys.stream().filter(k -> !k.contains("/LOAD")).toList());
        Map<String, String> state = new LinkedHashMap<>();
        for (String key : ordered) {
            String text =
                    s3.client()
                            .getObjectAsBytes(b -> b.bucket(bucket).key(key))
                            .asString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                String[] row = Arrays.copyOfRange(cells, 1, 1 + columns);
                if (cells[0].equals("D")) {
                    state.remove(cells[1]);
                    continue;
                }
                String[] before =
                        state.containsKey(cells[1]) ? state.get(cells[1]).split("\\|", -1) : null;
                for (int i = 0; i < row.length; i++) {
                    if (row[i].equals(NO_SUP) && before != null) {
                        row[i] = before[i];
                    }
                }
                state.put(cells[1], String.join("|", row));
            }
        }
        return sortById(state.values());
    }

    private List<String> dynamoRows(String table, List<String> columns) {
        List<String> rows = new ArrayList<>();
        try (DynamoDbClient client = dynamo.client()) {
            for (Map<String, AttributeValue> item :
                    client.scanPaginator(b -> b.tableName(table)).items()) {
                List<String> cells = new ArrayList<>();
                for (String column : columns) {
                    AttributeValue value = item.get(column);
                    cells.add(
                            value == null
                                    ? "NULL"
                                    : value.s() != null ? value.s() : String.valueOf(value.n()));
                }
                rows.add(String.join("|", cells));
            }
        } catch (ResourceNotFoundException e) {
            return List.of("(no table " + table + ")");
        }
        return sortById(rows);
    }

    private static List<String> sortById(Iterable<String> rows) {
        Map<Long, String> byId = new TreeMap<>();
        List<String> other = new ArrayList<>();
        for (String row : rows) {
            String id = row.contains("|") ? row.substring(0, row.indexOf('|')) : row;
            if (id.matches("-?\\d+")) {
                byId.put(Long.parseLong(id), row);
            } else {
                other.add(row);
            }
        }
        List<String> sorted = new ArrayList<>(byId.values());
        sorted.addAll(other);
        return sorted;
    }

    @Override
    public void close() {
        for (String kind : configs.keySet()) {
            connect.delete(sink(kind));
        }
    }
}
