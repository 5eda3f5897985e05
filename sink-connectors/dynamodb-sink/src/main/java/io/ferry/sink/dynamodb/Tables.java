package io.ferry.sink.dynamodb;

import io.ferry.dms.TargetTablePrepMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Gets target tables ready: created with their key (on-demand capacity) when missing, and prepared
 * once per migration as {@code target.table.prep.mode} says. Which tables a migration (the
 * connector's name) has prepared is recorded in {@code ferry_sink_control}; the task that records
 * it first prepares, the others wait for it.
 *
 * <p>The preparing task holds a lease ({@code lease_until}, renewed as it works). A task that dies
 * while preparing leaves its lease to run out; a waiting task then takes the preparation over and
 * runs it again from the start (nobody has written to the table meanwhile), so a crash between the
 * "preparing" and "done" records never wedges the table.
 *
 * <p>Emptying a table (truncate, drop) also removes the ordering guard's delete markers for it.
 */
final class Tables {
    static final String CONTROL = "ferry_sink_control";
    static final long LEASE_MS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

    private final DynamoDbClient dynamo;
    private final String migration;
    private final TargetTablePrepMode prepMode;
    private final long leaseMs;
    private final Set<String> ready = new HashSet<>();
    private boolean markersReady;

    Tables(DynamoDbClient dynamo, String migration, TargetTablePrepMode prepMode) {
        this(dynamo, migration, prepMode, LEASE_MS);
    }

    /** With a lease of the test's choosing. */
    Tables(DynamoDbClient dynamo, String migration, TargetTablePrepMode prepMode, long leaseMs) {
        this.dynamo = dynamo;
        this.migration = migration;
        this.prepMode = prepMode;
        this.leaseMs = leaseMs;
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
                                    .item(preparing(id))
                                    .conditionExpression("attribute_not_exists(id)"));
            prepareAndRecord(id, sample);
        } catch (ConditionalCheckFailedException e) {
            if (awaitPreparedOrTakeOver(id)) {
                ensure(table, sample.keyNames(), sample.key());
            } else {
                prepareAndRecord(id, sample);
            }
        }
        ready.add(table);
    }

    /**
     * Whether a load that starts over empties what the earlier one wrote: not with {@code
     * DO_NOTHING}, which leaves the target's items to the user.
     */
    boolean emptiesOnReload() {
        return prepMode.preparesTarget();
    }

    /**
     * Where a partition stands between loads ({@link io.ferry.common.LoadRestarts}), and the offset
     * of the last announcement that moved it: one at or below it is delivered again, its effect
     * already saved.
     */
    record AnnounceState(int state, long announcedAt) {
        static final AnnounceState NEW = new AnnounceState(io.ferry.common.LoadRestarts.NONE, -1);
    }

    /** The partition's saved state; {@link AnnounceState#NEW} when never saved. */
    AnnounceState announceState(String topic, int partition) {
        ensure(CONTROL, List.of("id"), Map.of("id", AttributeValue.fromS("")));
        Map<String, AttributeValue> item =
                dynamo.getItem(
                                b ->
                                        b.tableName(CONTROL)
                                                .key(Map.of("id", announceId(topic, partition)))
                                                .consistentRead(true))
                        .item();
        if (item == null || item.get("state") == null) {
            return AnnounceState.NEW;
        }
        return new AnnounceState(
                Integer.parseInt(item.get("state").n()),
                Long.parseLong(item.get("announced_at").n()));
    }

    void saveAnnounceState(String topic, int partition, AnnounceState state) {
        dynamo.putItem(
                b ->
                        b.tableName(CONTROL)
                                .item(
                                        Map.of(
                                                "id",
                                                announceId(topic, partition),
                                                "state",
                                                AttributeValue.fromN(
                                                        Integer.toString(state.state())),
                                                "announced_at",
                                                AttributeValue.fromN(
                                                        Long.toString(state.announcedAt())))));
    }

    private AttributeValue announceId(String topic, int partition) {
        return AttributeValue.fromS(migration + "#announce#" + topic + "#" + partition);
    }

    /** The ordering guard's delete markers' table, created when missing. */
    void ensureDeleteMarkers() {
        if (!markersReady) {
            AttributeValue text = AttributeValue.fromS("");
            ensure(
                    OrderingGuard.DELETES,
                    List.of(OrderingGuard.MARKER_TABLE, OrderingGuard.MARKER_KEY),
                    Map.of(OrderingGuard.MARKER_TABLE, text, OrderingGuard.MARKER_KEY, text));
            markersReady = true;
        }
    }

    private void prepareAndRecord(String id, ItemChange sample) {
        prepare(id, sample);
        dynamo.putItem(
                b ->
                        b.tableName(CONTROL)
                                .item(
                                        Map.of(
                                                "id",
                                                AttributeValue.fromS(id),
                                                "state",
                                                AttributeValue.fromS("done"))));
    }

    private Map<String, AttributeValue> preparing(String id) {
        return Map.of(
                "id",
                AttributeValue.fromS(id),
                "state",
                AttributeValue.fromS("preparing"),
                "lease_until",
                AttributeValue.fromN(Long.toString(System.currentTimeMillis() + leaseMs)));
    }

    /** Extends this task's lease on a preparation that takes long (a truncate of a big table). */
    private void renew(String id) {
        dynamo.putItem(b -> b.tableName(CONTROL).item(preparing(id)));
    }

    /**
     * Waits until another task has prepared the table (true), or its lease ran out and this task
     * took the preparation over (false).
     */
    private boolean awaitPreparedOrTakeOver(String id) {
        while (true) {
            Map<String, AttributeValue> item =
                    dynamo.getItem(
                                    b ->
                                            b.tableName(CONTROL)
                                                    .key(Map.of("id", AttributeValue.fromS(id)))
                                                    .consistentRead(true))
                            .item();
            if (item != null && "done".equals(text(item.get("state")))) {
                return true;
            }
            AttributeValue lease = item == null ? null : item.get("lease_until");
            boolean expired =
                    lease == null || Long.parseLong(lease.n()) < System.currentTimeMillis();
            if (item != null && expired && takeOver(id, lease)) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException(e);
            }
        }
    }

    /** Claims a preparation whose lease ran out, unless another task claimed it first. */
    private boolean takeOver(String id, AttributeValue expiredLease) {
        try {
            dynamo.putItem(
                    b ->
                            b.tableName(CONTROL)
                                    .item(preparing(id))
                                    .conditionExpression(
                                            expiredLease == null
                                                    ? "#s = :preparing AND"
                                                            + " attribute_not_exists(lease_until)"
                                                    : "#s = :preparing AND lease_until = :lease")
                                    .expressionAttributeNames(Map.of("#s", "state"))
                                    .expressionAttributeValues(
                                            expiredLease == null
                                                    ? Map.of(
                                                            ":preparing",
                                                            AttributeValue.fromS("preparing"))
                                                    : Map.of(
                                                            ":preparing",
                                                            AttributeValue.fromS("preparing"),
                                                            ":lease",
                                                            expiredLease)));
            LOG.warn("Taking over the preparation of {}: its task stopped while preparing", id);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private void prepare(String id, ItemChange sample) {
        String table = sample.table();
        boolean exists = exists(table);
        if (exists && prepMode == TargetTablePrepMode.DROP_AND_CREATE) {
            dynamo.deleteTable(b -> b.tableName(table));
            dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(table));
        } else if (exists && prepMode == TargetTablePrepMode.TRUNCATE_BEFORE_LOAD) {
            truncate(table, () -> renew(id));
        }
        if (prepMode.preparesTarget() && exists(OrderingGuard.DELETES)) {
            // The emptied table's markers would hold back the new load's rows.
            clearDeleteMarkers(table, () -> renew(id));
        }
        ensure(table, sample.keyNames(), sample.key());
    }

    /**
     * Deletes every item of a table that exists, and the ordering guard's delete markers for it (a
     * captured truncate: nothing the table held before it may hold back what comes after).
     */
    void empty(String table) {
        if (!exists(table)) {
            return;
        }
        LOG.info("Emptying {}: its source table was truncated, or its load starts over", table);
        truncate(table, () -> {});
        if (exists(OrderingGuard.DELETES)) {
            clearDeleteMarkers(table, () -> {});
        }
    }

    /** Deletes every item, a page of the scan at a time, calling {@code afterPage} after each. */
    private void truncate(String table, Runnable afterPage) {
        List<String> keys =
                dynamo.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                        .map(KeySchemaElement::attributeName)
                        .toList();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            names.put("#k" + i, keys.get(i));
        }
        ItemWriter deleter = new ItemWriter(dynamo, 10, 50, Refusals.NONE);
        // Consistent: an item written just before a captured truncate must be seen to go.
        for (ScanResponse page :
                dynamo.scanPaginator(
                        b ->
                                b.tableName(table)
                                        .consistentRead(true)
                                        .projectionExpression(String.join(", ", names.keySet()))
                                        .expressionAttributeNames(names))) {
            List<ItemChange> deletes = new ArrayList<>();
            page.items()
                    .forEach(item -> deletes.add(new ItemChange(null, table, keys, item, null)));
            deleter.write(deletes);
            afterPage.run();
        }
    }

    private void clearDeleteMarkers(String table, Runnable afterPage) {
        List<String> keys = List.of(OrderingGuard.MARKER_TABLE, OrderingGuard.MARKER_KEY);
        ItemWriter deleter = new ItemWriter(dynamo, 10, 50, Refusals.NONE);
        for (var page :
                dynamo.queryPaginator(
                        b ->
                                b.tableName(OrderingGuard.DELETES)
                                        .keyConditionExpression("#t = :t")
                                        .expressionAttributeNames(
                                                Map.of("#t", OrderingGuard.MARKER_TABLE))
                                        .expressionAttributeValues(
                                                Map.of(":t", AttributeValue.fromS(table)))
                                        .consistentRead(true))) {
            List<ItemChange> deletes = new ArrayList<>();
            page.items()
                    .forEach(
                            item ->
                                    deletes.add(
                                            new ItemChange(
                                                    null,
                                                    OrderingGuard.DELETES,
                                                    keys,
                                                    Map.of(
                                                            OrderingGuard.MARKER_TABLE,
                                                            item.get(OrderingGuard.MARKER_TABLE),
                                                            OrderingGuard.MARKER_KEY,
                                                            item.get(OrderingGuard.MARKER_KEY)),
                                                    null)));
            deleter.write(deletes);
            afterPage.run();
        }
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
