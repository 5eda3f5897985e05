package io.ferry.common;

import java.util.Optional;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The target schema and table a record is destined for, carried in two headers. The table-mapping
 * SMT writes them; every sink reads them before falling back to the topic name.
 */
public final class TargetTable {
    public static final String SCHEMA_HEADER = "ferry.target.schema";
    public static final String TABLE_HEADER = "ferry.target.table";

    private TargetTable() {}

    /** Replaces any target headers in {@code headers}, which must be the caller's own copy. */
    public static void write(Headers headers, TableId target) {
        headers.remove(SCHEMA_HEADER).remove(TABLE_HEADER);
        headers.addString(SCHEMA_HEADER, target.schema());
        headers.addString(TABLE_HEADER, target.table());
    }

    public static Optional<TableId> read(Headers headers) {
        Header schema = headers.lastWithName(SCHEMA_HEADER);
        Header table = headers.lastWithName(TABLE_HEADER);
        if (schema == null || table == null || schema.value() == null || table.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new TableId(schema.value().toString(), table.value().toString()));
    }
}
