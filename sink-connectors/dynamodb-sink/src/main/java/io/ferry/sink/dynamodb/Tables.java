package io.ferry.sink.dynamodb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Gets target tables ready: created with their key (on-demand capacity) when missing, and prepared
 * once per migration as {@code target.table.prep.mode} says. Which tables a migration (the
 * connector's name) has prepared is recorded in {@code ferry_sink_control}; the task that records
 * it first prepares, the others wait for it.
 */
final class Tables {
    static final String CONTROL = "ferry_sink_control";
    private static final long WAIT_MS = 120_000;

    private final DynamoDbClient dynamo;
    private final String migration;
    private final String prepMode;
    private final Set<String> ready = new HashSet<>();

    Tables(DynamoDbClient dynamo, String migration, String prepMode) {
        this.dynamo = dynamo;
        this.migration = migration;
        this.prepMode = prepMode;
    }

    void ready(ItemChange sample) {
        String table = sample.table();
        if (ready.contains(table)) {
            return;
        }
        ensure(CONTROL, List.of("id"), Map.of("id", AttributeValue.fromS("")));
        String id = migration + "#" + table;
        try {
            dynamo.putItem(
                    b ->
                            b.tableName(CONTROL)
                                    .item(
                                            Map.of(
                                                    "id",
                                                    AttributeValue.fromS(id),
                                                    "state",
                                                    AttributeValue.fromS("preparing")))
                                    .conditionExpression("attribute_not_exists(id)"));
            prepare(sample);
            dynamo.putItem(
                    b ->
                            b.tableName(CONTROL)
                                    .item(
                                            Map.of(
                                                    "id",
                                                    AttributeValue.fromS(id),
                                                    "state",
                                                    AttributeValue.fromS("done"))));
        } catch (ConditionalCheckFailedException e) {
            awaitPrepared(id);
            ensure(table, sample.keyNames(), sample.key());
        }
        ready.add(table);
    }

    private void prepare(ItemChange sample) {
        String table = sample.table();
        boolean exists = exists(table);
        if (exists && prepMode.equals("DROP_AND_CREATE")) {
            dynamo.deleteTable(b -> b.tableName(table));
            dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(table));
        } else if (exists && prepMode.equals("TRUNCATE_BEFORE_LOAD")) {
            truncate(table);
        }
        ensure(table, sample.keyNames(), sample.key());
    }

    private void truncate(String table) {
        List<String> keys =
                dynamo.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                        .map(KeySchemaElement::attributeName)
                        .toList();
        ItemWriter deleter = new ItemWriter(dynamo, 10, 50);
        List<ItemChange> deletes = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).projectionExpression(String.join(", ", keys)))
                .items()
                .forEach(item -> deletes.add(new ItemChange(null, table, keys, item, null)));
        deleter.write(deletes);
    }

    private void ensure(String table, List<String> keyNames, Map<String, AttributeValue> key) {
        if (exists(table)) {
            return;
        }
        List<KeySchemaElement> schema = new ArrayList<>();
        List<AttributeDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < keyNames.size(); i++) {
            String name = keyNames.get(i);
            schema.add(
                    KeySchemaElement.builder()
                            .attributeName(name)
                            .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE)
                            .build());
            definitions.add(
                    AttributeDefinition.builder()
                            .attributeName(name)
                            .attributeType(type(key.get(name)))
                            .build());
        }
        try {
            dynamo.createTable(
                    b ->
                            b.tableName(table)
                                    .keySchema(schema)
                                    .attributeDefinitions(definitions)
                                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            // another task created it meanwhile
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private boolean exists(String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private void awaitPrepared(String id) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            Map<String, AttributeValue> item =
                    dynamo.getItem(
                                    b ->
                                            b.tableName(CONTROL)
                                                    .key(Map.of("id", AttributeValue.fromS(id)))
                                                    .consistentRead(true))
                            .item();
            if (item != null && item.containsKey("state") && item.get("state").s().equals("done")) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ConnectException("another task did not finish preparing " + id);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException(e);
            }
        }
    }

    private static ScalarAttributeType type(AttributeValue value) {
        if (value.n() != null) {
            return ScalarAttributeType.N;
        }
        if (value.b() != null) {
            return ScalarAttributeType.B;
        }
        return ScalarAttributeType.S;
    }
}
