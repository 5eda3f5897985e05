package io.ferry.sink.dynamodb;

import io.ferry.testing.Envelopes;
import io.ferry.testing.LocalDynamoDb;
import io.ferry.testing.LocalServers;
import io.ferry.testing.RecordingSinkContext;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the DynamoDB sink's tests share: DynamoDB Local, a table name of their own, Debezium events
 * of an orders table, tasks started as a worker starts them, and the items read back.
 */
final class DynamoFixture {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("StoreId", Schema.INT32_SCHEMA)
                    .field("OrderNo", Schema.INT64_SCHEMA)
                    .field("FirstName", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("LastName", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("Amount", Decimal.builder(2).optional().build())
                    .field("Paid", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                    .field(
                            "Day",
                            SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
                    .build();

    final LocalDynamoDb local = LocalServers.dynamoDb();
    final DynamoDbClient client = local.client();

    final List<RecordingSinkContext> contexts = new java.util.ArrayList<>();

    final String table = "orders_" + IDS.incrementAndGet() + "_" + System.nanoTime();

    Struct row(int store, long order, String first, String last, String amount) {
        return new Struct(ROW)
                .put("StoreId", store)
                .put("OrderNo", order)
                .put("FirstName", first)
                .put("LastName", last)
                .put("Amount", amount == null ? null : new BigDecimal(amount))
                .put("Paid", Boolean.TRUE)
                .put("Day", 19_782);
    }

    SinkRecord event(long offset, String op, Struct before, Struct after, List<String> keyColumns) {
        Schema envelope = Envelopes.envelope(ROW);
        SchemaBuilder keyBuilder = SchemaBuilder.struct();
        keyColumns.forEach(c -> keyBuilder.field(c, ROW.field(c).schema()));
        Schema keySchema = keyBuilder.build();
        Struct image = after != null ? after : before;
        Struct key = new Struct(keySchema);
        keyColumns.forEach(c -> key.put(c, image.get(c)));
        Struct value =
                Envelopes.change(envelope, op, before, after, Envelopes.source("test", table, 0L));
        return new SinkRecord("t", 0, keySchema, key, envelope, value, offset);
    }

    /** A captured TRUNCATE of the table, as Debezium sends it: no key, no images. */
    SinkRecord truncate(long offset) {
        SinkRecord sample = event(offset, "c", null, row(0, 0, null, null, null), List.of());
        Struct value = ((Struct) sample.value()).put("after", null).put("op", "t");
        return new SinkRecord("t", 0, null, null, sample.valueSchema(), value, offset);
    }

    /** The DMS source's table announcement (op p): no row, no key; the key's schema. */
    SinkRecord announce(long offset, List<String> keyColumns) {
        SinkRecord sample = event(offset, "c", null, row(0, 0, null, null, null), keyColumns);
        Struct value = ((Struct) sample.value()).put("after", null).put("op", "p");
        return new SinkRecord(
                "t", 0, sample.keySchema(), null, sample.valueSchema(), value, offset);
    }

    private static final Schema POSTGRES_SOURCE =
            SchemaBuilder.struct()
                    .field("connector", Schema.STRING_SCHEMA)
                    .field("name", Schema.STRING_SCHEMA)
                    .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
                    .build();

    /**
     * A change to an order (keyed by OrderNo) as Debezium's PostgreSQL connector sends it: at
     * {@code lsn} in the source's log, read from a topic partition of the test's choosing; {@code
     * op} "r" is a snapshot row.
     */
    SinkRecord change(
            String topic,
            int partition,
            long offset,
            long lsn,
            String op,
            Struct before,
            Struct after) {
        Schema envelope =
                SchemaBuilder.struct()
                        .field("before", ROW)
                        .field("after", ROW)
                        .field("source", POSTGRES_SOURCE)
                        .field("op", Schema.STRING_SCHEMA)
                        .build();
        Struct image = after != null ? after : before;
        Struct source =
                new Struct(POSTGRES_SOURCE)
                        .put("connector", "postgresql")
                        .put("name", "ferry")
                        .put("snapshot", op.equals("r") ? "true" : "false")
                        .put("schema", "test")
                        .put("table", table)
                        .put("ts_ms", 0L)
                        .put("lsn", lsn)
                        .put("sequence", "[\"" + (lsn - 1) + "\",\"" + lsn + "\"]");
        Struct value =
                new Struct(envelope)
                        .put("before", before)
                        .put("after", after)
                        .put("source", source)
                        .put("op", op);
        return new SinkRecord(
                topic,
                partition,
                KEY,
                orderKey(image.getInt64("OrderNo")),
                envelope,
                value,
                offset);
    }

    /** A row flattened by an SMT (no envelope, no source position): an upsert. */
    SinkRecord flattened(String topic, int partition, long offset, Struct row) {
        return new SinkRecord(
                topic, partition, KEY, orderKey(row.getInt64("OrderNo")), ROW, row, offset);
    }

    /** The tombstone Debezium sends after a delete: the key, no value. */
    SinkRecord tombstone(String topic, int partition, long offset, long order) {
        return new SinkRecord(topic, partition, KEY, orderKey(order), null, null, offset);
    }

    private static final Schema KEY = SchemaBuilder.struct().field("OrderNo", Schema.INT64_SCHEMA);

    private static Struct orderKey(long order) {
        return new Struct(KEY).put("OrderNo", order);
    }

    DynamoDbSinkTask start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "dynamo-test");
        props.put(DynamoDbSinkConfig.ENDPOINT, local.endpoint().toString());
        props.put(DynamoDbSinkConfig.REGION, LocalDynamoDb.REGION.id());
        props.put(DynamoDbSinkConfig.ACCESS_KEY, LocalDynamoDb.ACCESS_KEY);
        props.put(DynamoDbSinkConfig.SECRET_KEY, LocalDynamoDb.SECRET_KEY);
        props.putAll(extra);
        DynamoDbSinkTask task = new DynamoDbSinkTask();
        RecordingSinkContext context = new RecordingSinkContext(props);
        task.initialize(context);
        contexts.add(context);
        task.start(props);
        return task;
    }

    Map<String, Map<String, AttributeValue>> items(String name, String key) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        client.scanPaginator(b -> b.tableName(name))
                .items()
                .forEach(i -> items.put(text(i.get(key)), i));
        return items;
    }

    static String text(AttributeValue value) {
        return value.n() != null ? value.n() : value.s();
    }
}
