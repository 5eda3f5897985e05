package io.ferry.sink.dynamodb;

import io.ferry.common.ChangeRecord;
import io.ferry.common.LogicalValues;
import io.ferry.common.Operation;
import io.ferry.common.TableId;
import io.ferry.common.TargetTableFilter;
import io.ferry.common.UnavailableValues;
import io.ferry.dms.rules.ObjectMappingRule;
import io.ferry.dms.rules.ObjectMappingRule.AttributeMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a change event into DynamoDB writes, by the DMS object-mapping rule for its source table:
 * which table, which key, which attributes. Without a rule the source primary key is the key — one
 * column the partition key, two the partition and sort keys (where DMS gives up) — and every column
 * an attribute. An update that moves a row to another key deletes the old item.
 */
final class ItemMapper {
    static final String DOC = "_doc";
    private static final int MAX_KEY_COLUMNS = 2;

    private final List<ObjectMappingRule> rules;

    private final AttributeValues values;

    private final TargetTableFilter targetTables;

    ItemMapper(
            List<ObjectMappingRule> rules, AttributeValues values, TargetTableFilter targetTables) {
        this.rules = List.copyOf(rules);
        this.values = values;
        this.targetTables = targetTables;
    }

    List<ItemChange> read(SinkRecord record) {
        ChangeRecord change = ChangeRecord.of(record);
        if (change.operation() == Operation.MESSAGE) {
            return List.of();
        }
        // A tombstone without the SMT's headers names its table only by the topic.
        Optional<TableId> source = change.source().or(() -> TableId.fromTopic(record.topic()));
        Optional<ObjectMappingRule> rule = rule(source);
        String table = writable(table(record, change.target().or(() -> source), rule));
        if (change.operation() == Operation.TRUNCATE) {
            return List.of(ItemChange.truncate(record, table));
        }
        List<String> keyNames = keyNames(record, rule, table);
        if (change.operation() == Operation.DELETE) {
            Struct image =
                    change.before() != null
                            ? struct(change.before())
                            : change.key() instanceof Struct k ? k : null;
            Map<String, AttributeValue> key = image == null ? null : rowKey(image, rule, keyNames);
            boolean tombstone = change.before() == null;
            if (key == null || tombstone && conditioned(rule, change.operation())) {
                if (tombstone) {
                    // Its delete event came first (and met any condition the tombstone cannot).
                    return List.of();
                }
                throw new DataException(
                        "the deleted row has no value for key " + keyNames + " of " + table);
            }
            return List.of(
                    new ItemChange(
                            record,
                            table,
                            keyNames,
                            key,
                            null,
                            condition(rule, change.operation(), image)));
        }
        Map<String, AttributeValue> item = attributes(struct(change.after()), rule, keyNames);
        List<String> unavailable = unavailable(struct(change.after()), item, table);
        Map<String, AttributeValue> key = required(itemKey(item, keyNames), keyNames, table);
        List<ItemChange> changes = new ArrayList<>();
        if (change.before() != null) {
            Map<String, AttributeValue> old = rowKey(struct(change.before()), rule, keyNames);
            if (old != null && !old.equals(key)) {
                changes.add(new ItemChange(record, table, keyNames, old, null));
            }
        }
        changes.add(
                new ItemChange(
                        record,
                        table,
                        keyNames,
                        key,
                        item,
                        condition(rule, change.operation(), struct(change.after())),
                        unavailable));
        return changes;
    }

    /**
     * For a table announcement (op p): the table, its key names and a key of the right types, so
     * the table can be created and prepared before any row (an empty table too). Key values are
     * samples of each column's type, made from the announcement's row schema. Null without a
     * schema: the table is then created from its first row.
     */
    ItemChange prepare(SinkRecord record) {
        Field after = record.valueSchema() == null ? null : record.valueSchema().field("after");
        if (after == null || after.schema().type() != Schema.Type.STRUCT) {
            return null; // schemaless: the table is created from its first row
        }
        ChangeRecord change = ChangeRecord.of(record);
        Optional<TableId> source = change.source().or(() -> TableId.fromTopic(record.topic()));
        Optional<ObjectMappingRule> rule = rule(source);
        String table = writable(table(record, change.target().or(() -> source), rule));
        List<String> keyNames = keyNames(record, rule, table);
        Struct sample = io.ferry.common.SampleValues.struct(after.schema());
        Map<String, AttributeValue> key = required(rowKey(sample, rule, keyNames), keyNames, table);
        return new ItemChange(record, table, keyNames, key, Map.of());
    }

    /**
     * The columns the change does not carry (Debezium's placeholder), taken out of the item so the
     * sink can keep the values the item has. Refused when a placeholder went into another attribute
     * (a template, a document): that attribute has no value to keep or to write.
     */
    private static List<String> unavailable(
            Struct row, Map<String, AttributeValue> item, String table) {
        List<String> columns = UnavailableValues.fields(row);
        if (columns.isEmpty()) {
            return columns;
        }
        List<String> attributes = new ArrayList<>();
        for (String column : columns) {
            if (item.remove(column) != null) {
                attributes.add(column);
            }
        }
        item.forEach(
                (name, value) -> {
                    if (holdsPlaceholder(value)) {
                        throw new DataException(
                                "attribute "
                                        + name
                                        + " of "
                                        + table
                                        + " is made from "
                                        + columns
                                        + ", which the change does not carry (unchanged in the"
                                        + " source log, and not re-selected)");
                    }
                });
        return attributes;
    }

    private static boolean holdsPlaceholder(AttributeValue value) {
        if (value.s() != null) {
            return value.s().contains(UnavailableValues.PLACEHOLDER);
        }
        if (value.b() != null) {
            return UnavailableValues.isPlaceholder(value.b().asByteArray());
        }
        if (value.hasM()) {
            return value.m().values().stream().anyMatch(ItemMapper::holdsPlaceholder);
        }
        if (value.hasL()) {
            return value.l().stream().anyMatch(ItemMapper::holdsPlaceholder);
        }
        if (value.hasSs()) {
            return value.ss().stream().anyMatch(UnavailableValues::isPlaceholder);
        }
        return false;
    }

    private static boolean conditioned(Optional<ObjectMappingRule> rule, Operation operation) {
        ObjectMappingRule.Condition c = rule.map(ObjectMappingRule::condition).orElse(null);
        return c != null && (operation == Operation.READ ? c.duringFullLoad() : c.duringCdc());
    }

    /**
     * The rule's {@code condition-expression} for this write, its values filled from the row, when
     * it applies: during full load (snapshot reads) and during CDC as its switches say.
     */
    private static WriteCondition condition(
            Optional<ObjectMappingRule> rule, Operation operation, Struct row) {
        if (!conditioned(rule, operation)) {
            return null;
        }
        ObjectMappingRule.Condition c = rule.get().condition();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        c.values()
                .forEach(
                        (name, value) ->
                                values.put(
                                        name,
                                        Templates.document(value, column -> text(row, column))));
        return new WriteCondition(c.expression(), c.names(), values);
    }

    private Optional<ObjectMappingRule> rule(Optional<TableId> source) {
        return source.flatMap(
                s -> rules.stream().filter(r -> r.locator().matchesTable(s)).findFirst());
    }

    /**
     * Records name their table themselves (anyone producing to the topic can): never the sink's own
     * tables, and only those the include list allows.
     */
    private String writable(String table) {
        if (table.equals(Tables.CONTROL) || table.equals(OrderingGuard.DELETES)) {
            throw new DataException(
                    "the record is bound for " + table + ", one of the sink's own control tables");
        }
        if (!VALID_TABLE.matcher(table).matches()) {
            // DynamoDB would refuse every call on it, which must not read as the environment's
            // error: the record cannot be written as it is.
            throw new DataException(
                    "table name "
                            + table
                            + " is not one DynamoDB takes (3 to 255 of a-z, A-Z, 0-9, _ - .):"
                            + " name the target table with an object-mapping rule's"
                            + " target-table-name or a rename rule");
        }
        targetTables.check(table);
        return table;
    }

    private static final java.util.regex.Pattern VALID_TABLE =
            java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private static String table(
            SinkRecord record, Optional<TableId> named, Optional<ObjectMappingRule> rule) {
        if (rule.isPresent() && rule.get().targetTable() != null) {
            return rule.get().targetTable();
        }
        return named.map(TableId::table).orElse(record.topic());
    }

    private static List<String> keyNames(
            SinkRecord record, Optional<ObjectMappingRule> rule, String table) {
        if (rule.isPresent() && rule.get().partitionKey() != null) {
            return rule.get().sortKey() == null
                    ? List.of(rule.get().partitionKey())
                    : List.of(rule.get().partitionKey(), rule.get().sortKey());
        }
        Schema keySchema = record.keySchema();
        if (keySchema == null
                || keySchema.type() != Schema.Type.STRUCT
                || keySchema.fields().isEmpty()) {
            throw new DataException(
                    "records for "
                            + table
                            + " have no key; add an object-mapping rule with partition-key-name");
        }
        if (keySchema.fields().size() > MAX_KEY_COLUMNS) {
            throw new DataException(
                    table
                            + " has a "
                            + keySchema.fields().size()
                            + "-column key; DynamoDB keys have at most two: add an object-mapping rule"
                            + " with partition-key-name and sort-key-name");
        }
        return keySchema.fields().stream().map(Field::name).toList();
    }

    private Map<String, AttributeValue> attributes(
            Struct row, Optional<ObjectMappingRule> rule, List<String> keyNames) {
        List<String> excluded = rule.map(ObjectMappingRule::excludeColumns).orElse(List.of());
        boolean document =
                rule.map(r -> r.action() == ObjectMappingRule.Action.MAP_RECORD_TO_DOCUMENT)
                        .orElse(false);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Map<String, AttributeValue> doc = new LinkedHashMap<>();
        for (Field field : row.schema().fields()) {
            if (excluded.contains(field.name())) {
                continue;
            }
            AttributeValue value =
                    keyNames.contains(field.name())
                            ? AttributeValues.of(field.schema(), row.get(field))
                            : values.attribute(field.schema(), row.get(field));
            if (value != null) {
                (document && !keyNames.contains(field.name()) ? doc : item)
                        .put(field.name(), value);
            }
        }
        if (document) {
            item.put(DOC, AttributeValue.fromM(doc));
        }
        for (AttributeMapping mapping : rule.map(ObjectMappingRule::attributes).orElse(List.of())) {
            item.put(mapping.name(), attribute(mapping, row));
        }
        return item;
    }

    private static AttributeValue attribute(AttributeMapping mapping, Struct row) {
        return mapping.document()
                ? Templates.document(mapping.value(), column -> text(row, column))
                : scalar(
                        mapping,
                        Templates.fill(mapping.value().asText(), column -> text(row, column)));
    }

    /**
     * The key of the item a row maps to, built from only the columns the key needs — all a
     * tombstone's key or a primary-key-only before image holds — or null when one is missing.
     */
    private static Map<String, AttributeValue> rowKey(
            Struct row, Optional<ObjectMappingRule> rule, List<String> keyNames) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keyNames) {
            Optional<AttributeMapping> mapping =
                    rule.stream()
                            .flatMap(r -> r.attributes().stream())
                            .filter(m -> m.name().equals(name))
                            .findFirst();
            AttributeValue value;
            if (mapping.isPresent()) {
                boolean complete =
                        Templates.columns(mapping.get().value()).stream()
                                .allMatch(c -> row.schema().field(c) != null);
                value = complete ? attribute(mapping.get(), row) : null;
            } else {
                Field field = row.schema().field(name);
                value = field == null ? null : AttributeValues.of(field.schema(), row.get(field));
            }
            if (value == null) {
                return null;
            }
            key.put(name, value);
        }
        return key;
    }

    private static AttributeValue scalar(AttributeMapping mapping, String text) {
        return "number".equals(mapping.subType())
                ? AttributeValue.fromN(text)
                : AttributeValue.fromS(text);
    }

    private static String text(Struct row, String column) {
        Field field = row.schema().field(column);
        if (field == null) {
            throw new DataException(
                    "attribute template names column " + column + ", which the row lacks");
        }
        Object raw = row.get(field);
        if (raw == null) {
            return null;
        }
        // The same text as the attribute a column is mapped to directly (AttributeValues).
        Schema schema = field.schema();
        String zoned = LogicalValues.zonedTimestampText(schema.name(), raw);
        if (zoned != null) {
            return zoned;
        }
        if (!LogicalValues.isTimeOfDay(schema.name(), raw)) {
            return LogicalValues.timeText(schema.name(), raw);
        }
        if (schema.type() == Schema.Type.FLOAT32
                && raw instanceof Number n
                && Float.isFinite(n.floatValue())) {
            return LogicalValues.shortestDecimal(n.floatValue()).toPlainString();
        }
        Object value = LogicalValues.withinCommonEra(LogicalValues.plain(schema, raw));
        return value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
    }

    /** The key attributes of an item already mapped, or null when one is missing. */
    private static Map<String, AttributeValue> itemKey(
            Map<String, AttributeValue> item, List<String> keyNames) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : keyNames) {
            AttributeValue value = item.get(name);
            if (value == null) {
                return null;
            }
            key.put(name, value);
        }
        return key;
    }

    private static Map<String, AttributeValue> required(
            Map<String, AttributeValue> key, List<String> keyNames, String table) {
        if (key == null) {
            throw new DataException("the row has no value for key " + keyNames + " of " + table);
        }
        return key;
    }

    private static Struct struct(Object image) {
        if (image instanceof Struct struct) {
            return struct;
        }
        throw new DataException("the DynamoDB sink needs records with a schema (a Struct value)");
    }
}
