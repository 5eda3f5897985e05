package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.LocalDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The values of a type-matrix table ({@code id}, {@code v}) as each system shows them: every value
 * as text, read by the system's own rendering (SQL casts to text, binary as upper-case hexadecimal,
 * bits as binary digits), DynamoDB attributes by their type, S3 files through DuckDB. A NULL is
 * {@code NULL}; a table a target does not have reads as no rows.
 */
final class TargetValues {
    static final String NULL = "NULL";

    /** The id a refusal of a whole table (its announcement, which has no key) is kept under. */
    static final int TABLE = -1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TargetValues() {}

    /** {@code id → value} of {@code schema.table} in a PostgreSQL or MariaDB database. */
    static Map<Integer, String> sql(LocalDatabase db, String schema, String table) {
        boolean postgres = db.engine() == LocalDatabase.Engine.POSTGRES;
        List<String> type =
                db.rows(
                        "SELECT data_type FROM information_schema.columns WHERE table_schema = '"
                                + schema
                                + "' AND table_name = '"
                                + table
                                + "' AND column_name = 'v'");
        if (type.isEmpty()) {
            return Map.of();
        }
        String v = postgres ? postgresText(type.get(0)) : mariaDbText(type.get(0));
        String quoted = postgres ? "\"" + table + "\"" : "`" + table + "`";
        Map<Integer, String> out = new TreeMap<>();
        for (String row : db.rows("SELECT id, " + v + " FROM " + schema + "." + quoted)) {
            int bar = row.indexOf('|');
            String value = row.substring(bar + 1);
            out.put(Integer.parseInt(row.substring(0, bar)), value.equals("null") ? NULL : value);
        }
        return out;
    }

    /** The column type of {@code v} as the database declares it. */
    static String sqlType(LocalDatabase db, String schema, String table) {
        boolean postgres = db.engine() == LocalDatabase.Engine.POSTGRES;
        List<String> type =
                postgres
                        ? db.rows(
                                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE"
                                        + " attrelid = to_regclass('"
                                        + schema
                                        + "."
                                        + table
                                        + "') AND attname = 'v'")
                        : db.rows(
                                "SELECT column_type FROM information_schema.columns WHERE"
                                        + " table_schema = '"
                                        + schema
                                        + "' AND table_name = '"
                                        + table
                                        + "' AND column_name = 'v'");
        return type.isEmpty() ? "(no table)" : type.get(0);
    }

    // NULL reads back as the text "null" from LocalDatabase.rows: coalesce to tell it apart.
    private static String postgresText(String type) {
        String text =
                switch (type) {
                    case "bytea" -> "upper(encode(v, 'hex'))";
                    case "money" -> "v::numeric::text";
                    default -> "v::text";
                };
        return "coalesce(" + text + ", 'null')";
    }

    private static String mariaDbText(String type) {
        String text =
                switch (type) {
                    case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
                            "HEX(v)";
                    case "bit" -> "BIN(v)";
                    case "float" -> "CAST(v AS DOUBLE)"; // CHAR shows six digits, not the float
                    default -> "CAST(v AS CHAR)";
                };
        return "COALESCE(" + text + ", 'null')";
    }

    /**
     * {@code id → value} of the CSV files under {@code prefix}, read by DuckDB ({@code Op}, id, v;
     * nothing taken for NULL but the sink's own {@code NULL} text).
     */
    static Map<Integer, String> csv(EveryTarget targets, String prefix, Path downloads) {
        List<Path> files = download(targets, prefix, downloads);
        if (files.isEmpty()) {
            return Map.of();
        }
        return duck(
                "SELECT id, v FROM read_csv("
                        + list(files)
                        + ", header=false, delim=',', quote='\"', escape='\"',"
                        + " nullstr='\u0001', columns={'op': 'VARCHAR', 'id': 'VARCHAR',"
                        + " 'v': 'VARCHAR'})");
    }

    /** {@code id → value} of the Parquet files under {@code prefix}, read by DuckDB. */
    static Map<Integer, String> parquet(EveryTarget targets, String prefix, Path downloads) {
        List<Path> files = download(targets, prefix, downloads);
        if (files.isEmpty()) {
            return Map.of();
        }
        String from = "read_parquet(" + list(files) + ", union_by_name=true)";
        String type = parquetType(files);
        String v = type.equals("BLOB") ? "upper(hex(v))" : "CAST(v AS VARCHAR)";
        try {
            return duck("SELECT id, " + v + " FROM " + from);
        } catch (IllegalStateException e) {
            // A value the reader cannot show fails the whole column: a fact of the table.
            String why = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            return Map.of(TABLE, "unreadable: " + why.lines().findFirst().orElse(""));
        }
    }

    /** DuckDB's type for the column {@code v} of Parquet files. */
    static String parquetType(List<Path> files) {
        Map<Integer, String> described = new TreeMap<>();
        query(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                        + list(files)
                        + ", union_by_name=true))",
                (name, type) -> {
                    if (name.equals("v")) {
                        described.put(0, type);
                    }
                });
        return described.getOrDefault(0, "(no column)");
    }

    /** The objects under {@code prefix}, downloaded into their own folder under {@code into}. */
    static List<Path> download(EveryTarget targets, String prefix, Path into) {
        Path folder = into.resolve(prefix.replace('/', '_'));
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (S3Object object :
                    targets.s3()
                            .client()
                            .listObjectsV2Paginator(b -> b.bucket(targets.bucket()).prefix(prefix))
                            .contents()) {
                Path file = folder.resolve(object.key().replace('/', '_'));
                Files.deleteIfExists(file);
                targets.s3()
                        .client()
                        .getObject(b -> b.bucket(targets.bucket()).key(object.key()), file);
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String list(List<Path> files) {
        return files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<Integer, String> duck(String sql) {
        Map<Integer, String> out = new TreeMap<>();
        query(sql, (id, v) -> out.put(Integer.parseInt(id), v == null ? NULL : v));
        return out;
    }

    private static void query(String sql, java.util.function.BiConsumer<String, String> row) {
        try (Connection duck = duckDb();
                Statement statement = duck.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                row.accept(result.getString(1), result.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** {@code id → value} of a DynamoDB table; an attribute left out is NULL. */
    static Map<Integer, String> dynamo(EveryTarget targets, String table) {
        Map<Integer, String> out = new TreeMap<>();
        try (DynamoDbClient client = targets.dynamo().client()) {
            for (Map<String, AttributeValue> item :
                    client.scanPaginator(b -> b.tableName(table)).items()) {
                out.put(
                        Integer.parseInt(item.get("id").n()),
                        item.containsKey("v") ? attribute(item.get("v")) : NULL);
            }
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return out;
    }

    /** The DynamoDB types of a table's {@code v} attributes, e.g. {@code N} or {@code S, N}. */
    static String dynamoType(EveryTarget targets, String table) {
        java.util.TreeSet<String> types = new java.util.TreeSet<>();
        try (DynamoDbClient client = targets.dynamo().client()) {
            for (Map<String, AttributeValue> item :
                    client.scanPaginator(b -> b.tableName(table)).items()) {
                if (item.containsKey("v")) {
                    types.add(item.get("v").type().toString());
                }
            }
        } catch (ResourceNotFoundException e) {
            return "(no table)";
        }
        return String.join(", ", types);
    }

    private static String attribute(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> value.n();
            case B -> HexFormat.of().withUpperCase().formatHex(value.b().asByteArray());
            case BOOL -> value.bool().toString();
            case NUL -> NULL;
            default -> value.toString();
        };
    }

    /**
     * What a sink sent to its dead letter topic: {@code table → id → reason}, the reason Connect's
     * exception header (class and first line).
     */
    static Map<String, Map<Integer, String>> refused(
            EveryTarget targets, EmbeddedConnectCluster connect, String kind) {
        Map<String, Map<Integer, String>> out = new TreeMap<>();
        String topic = targets.sinkName(kind) + "-dlq";
        if (connect.kafka().describeTopics(topic).get(topic).isEmpty()) {
            return out;
        }
        Iterable<ConsumerRecord<byte[], byte[]>> records;
        try {
            records = connect.kafka().consumeAll(30_000, topic);
        } catch (java.util.concurrent.TimeoutException
                | java.util.concurrent.ExecutionException
                | InterruptedException e) {
            throw new IllegalStateException("reading " + topic, e);
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String from = header(record, "__connect.errors.topic");
            String reason =
                    header(record, "__connect.errors.exception.class.name").replaceAll(".*\\.", "")
                            + ": "
                            + header(record, "__connect.errors.exception.message")
                                    .lines()
                                    .findFirst()
                                    .orElse("");
            out.computeIfAbsent(from.substring(from.lastIndexOf('.') + 1), t -> new TreeMap<>())
                    .put(id(record.key()), reason);
        }
        return out;
    }

    private static int id(byte[] key) {
        try {
            JsonNode node = key == null ? null : JSON.readTree(key);
            JsonNode id =
                    node == null
                            ? null
                            : (node.has("payload") ? node.get("payload") : node).get("id");
            // A table's announcement (the DMS source's op=p) has no key values.
            return id == null ? TABLE : id.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * What a target holds of the odd-names table: its name there, its columns' names (null where
     * the target has none: CSV without a header) and the rows' values in column order, id first.
     */
    record Names(String table, List<String> columns, List<List<String>> rows) {
        static final Names NONE = new Names(null, null, List.of());
    }

    /** The table of {@code schema} whose name starts with {@code prefix}, in a SQL target. */
    static Names sqlNames(LocalDatabase db, String schema, String prefix) {
        List<String> tables =
                db
                        .rows(
                                "SELECT table_name FROM information_schema.tables WHERE"
                                        + " table_schema = '"
                                        + schema
                                        + "'")
                        .stream()
                        .filter(t -> t.startsWith(prefix)) // case-sensitive, unlike LIKE
                        .toList();
        if (tables.isEmpty()) {
            return Names.NONE;
        }
        String table = tables.get(0);
        boolean postgres = db.engine() == LocalDatabase.Engine.POSTGRES;
        java.util.function.UnaryOperator<String> quote =
                n ->
                        postgres
                                ? "\"" + n.replace("\"", "\"\"") + "\""
                                : "`" + n.replace("`", "``") + "`";
        List<String> columns =
                db.rows(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                                + schema
                                + "' AND table_name = '"
                                + table.replace("'", "''")
                                + "' AND column_name <> 'id' ORDER BY ordinal_position");
        List<List<String>> rows = new ArrayList<>();
        String select =
                "SELECT id, "
                        + columns.stream().map(quote).collect(Collectors.joining(", "))
                        + " FROM "
                        + schema
                        + "."
                        + quote.apply(table)
                        + " ORDER BY id";
        for (String row : db.rows(select)) {
            rows.add(List.of(row.split("\\|", -1)));
        }
        return new Names(table, columns, rows);
    }

    /**
     * The table whose name starts with {@code tablePrefix} in S3: CSV ({@code parquet} false) or
     * Parquet files under {@code folder}.
     */
    static Names s3Names(
            EveryTarget targets,
            String folder,
            String schema,
            String tablePrefix,
            boolean parquet,
            Path downloads) {
        String prefix = folder + "/" + schema + "/";
        String table =
                targets
                        .s3()
                        .client()
                        .listObjectsV2Paginator(b -> b.bucket(targets.bucket()).prefix(prefix))
                        .contents()
                        .stream()
                        .map(o -> o.key().substring(prefix.length()))
                        .map(k -> k.substring(0, k.indexOf('/')))
                        .filter(t -> t.startsWith(tablePrefix))
                        .findFirst()
                        .orElse(null);
        if (table == null) {
            return Names.NONE;
        }
        List<Path> files = download(targets, prefix + table + "/", downloads);
        String from =
                parquet
                        ? "read_parquet(" + list(files) + ", union_by_name=true)"
                        : "read_csv("
                                + list(files)
                                + ", header=false, all_varchar=true, delim=',', quote='\"',"
                                + " escape='\"')";
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        try (Connection duck = duckDb();
                Statement statement = duck.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + from)) {
            int count = result.getMetaData().getColumnCount();
            for (int i = 3; i <= count; i++) { // after Op and id
                columns.add(result.getMetaData().getColumnName(i));
            }
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 2; i <= count; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(from + ": " + e.getMessage(), e);
        }
        rows.sort(java.util.Comparator.comparing(r -> Integer.parseInt(r.get(0))));
        return new Names(table, parquet ? columns : null, rows);
    }

    /** The DynamoDB table whose name starts with {@code prefix}. */
    static Names dynamoNames(EveryTarget targets, String prefix) {
        try (DynamoDbClient client = targets.dynamo().client()) {
            String table =
                    client.listTablesPaginator(b -> {}).tableNames().stream()
                            .filter(t -> t.startsWith(prefix))
                            .findFirst()
                            .orElse(null);
            if (table == null) {
                return Names.NONE;
            }
            java.util.TreeSet<String> attributes = new java.util.TreeSet<>();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            client.scanPaginator(b -> b.tableName(table)).items().forEach(items::add);
            items.forEach(i -> attributes.addAll(i.keySet()));
            attributes.remove("id");
            List<String> columns = List.copyOf(attributes);
            List<List<String>> rows = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                List<String> row = new ArrayList<>();
                row.add(item.get("id").n());
                columns.forEach(c -> row.add(item.containsKey(c) ? attribute(item.get(c)) : NULL));
                rows.add(row);
            }
            rows.sort(java.util.Comparator.comparing(r -> Integer.parseInt(r.get(0))));
            return new Names(table, columns, rows);
        }
    }

    /** A DuckDB session in UTC: it shows zoned values in its own time zone, else the machine's. */
    private static Connection duckDb() throws SQLException {
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duck.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
        }
        return duck;
    }
}
