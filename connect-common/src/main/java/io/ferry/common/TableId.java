package io.ferry.common;

import java.util.Objects;
import java.util.Optional;

/**
 * A table as DMS names it: schema and table. For MySQL and MariaDB, whose Debezium events have no
 * schema, the database is the schema, as in DMS.
 */
public record TableId(String schema, String table) {
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /**
     * The table a Debezium-style {@code prefix.schema.table} topic names, for records that do not
     * say (tombstones, flattened rows).
     */
    public static Optional<TableId> fromTopic(String topic) {
        int last = topic.lastIndexOf('.');
        int previous = last <= 0 ? -1 : topic.lastIndexOf('.', last - 1);
        if (previous < 0 || last == topic.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(
                new TableId(topic.substring(previous + 1, last), topic.substring(last + 1)));
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
