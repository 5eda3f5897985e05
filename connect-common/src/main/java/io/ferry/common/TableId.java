package io.ferry.common;

import java.util.Objects;

/**
 * A table as DMS names it: schema and table. For MySQL and MariaDB, whose Debezium events have no
 * schema, the database is the schema, as in DMS.
 */
public record TableId(String schema, String table) {
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
