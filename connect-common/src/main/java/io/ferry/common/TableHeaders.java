package io.ferry.common;

import java.util.Optional;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The source table a record came from and the target table it is destined for, carried in headers.
 * The table-mapping SMT writes both; sinks write by the target and match DMS rule locators (which
 * name source tables) by the source — which a tombstone, having no {@code source} block, only
 * carries here.
 */
public final class TableHeaders {
    public static final String SOURCE_SCHEMA_HEADER = "ferry.source.schema";
    public static final String SOURCE_TABLE_HEADER = "ferry.source.table";
    public static final String TARGET_SCHEMA_HEADER = "ferry.target.schema";
    public static final String TARGET_TABLE_HEADER = "ferry.target.table";

    private TableHeaders() {}

    /** Replaces any table headers in {@code headers}, which must be the caller's own copy. */
    public static void write(Headers headers, TableId source, TableId target) {
        put(headers, SOURCE_SCHEMA_HEADER, SOURCE_TABLE_HEADER, source);
        put(headers, TARGET_SCHEMA_HEADER, TARGET_TABLE_HEADER, target);
    }

    public static Optional<TableId> source(Headers headers) {
        return read(headers, SOURCE_SCHEMA_HEADER, SOURCE_TABLE_HEADER);
    }

    public static Optional<TableId> target(Headers headers) {
        return read(headers, TARGET_SCHEMA_HEADER, TARGET_TABLE_HEADER);
    }

    private static void put(Headers headers, String schemaKey, String tableKey, TableId table) {
        headers.remove(schemaKey).remove(tableKey);
        headers.addString(schemaKey, table.schema());
        headers.addString(tableKey, table.table());
    }

    private static Optional<TableId> read(Headers headers, String schemaKey, String tableKey) {
        Header schema = headers.lastWithName(schemaKey);
        Header table = headers.lastWithName(tableKey);
        if (schema == null || table == null || schema.value() == null || table.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new TableId(schema.value().toString(), table.value().toString()));
    }
}
