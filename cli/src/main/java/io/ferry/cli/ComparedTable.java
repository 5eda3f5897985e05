package io.ferry.cli;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.dms.plan.AddedColumn;
import io.ferry.dms.plan.MappedColumn;
import io.ferry.dms.plan.TablePlan;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a validation compares for one source table: its copy, the key to match rows by, and each
 * compared source column's name in the copy — by name (any case), or through the DMS table mapping
 * the migration ran (renamed, removed and added columns, a defined key). A column whose value a
 * rule changes (masking, a new data type) or that a rule adds is noted, not compared; a table that
 * cannot be compared says why in {@link #skipped}.
 *
 * @param keys the source's key columns; empty for a table without one (compared as multisets)
 * @param columns compared source column to its name in the copy, in source order
 * @param notes what is not compared, and why
 * @param problems differences found in the tables' shapes (a column the copy lacks)
 * @param skipped why the table is not compared at all, or null
 */
record ComparedTable(
        TableName source,
        TableName target,
        List<String> keys,
        Map<String, String> columns,
        List<String> notes,
        List<String> problems,
        String skipped) {

    /** Source and copy matched by column name, in any case. */
    static ComparedTable byName(
            DatabaseMetaData source, TableName from, DatabaseMetaData target, TableName to)
            throws SQLException {
        return of(source, from, target, to, Optional.empty());
    }

    /** Through the mapping's plan for the source table, when there is one. */
    static ComparedTable of(
            DatabaseMetaData source,
            TableName from,
            DatabaseMetaData target,
            TableName to,
            Optional<TablePlan> plan)
            throws SQLException {
        List<String> sourceColumns = columns(source, from);
        List<String> targetColumns = columns(target, to);
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (sourceColumns.isEmpty()) {
            return skipped(from, to, "the source has no table " + from);
        }
        if (plan.isPresent() && !plan.get().selected()) {
            return skipped(from, to, "the table mapping does not select it");
        }
        if (plan.isPresent() && plan.get().filtered()) {
            return skipped(
                    from, to, "source filters of the table mapping decide which rows are copied");
        }
        if (plan.isPresent() && plan.get().softDelete()) {
            return skipped(from, to, "the mapping keeps deleted rows (operation_indicator)");
        }
        if (targetColumns.isEmpty()) {
            return new ComparedTable(
                    from,
                    to,
                    List.of(),
                    Map.of(),
                    notes,
                    List.of("the target has no table " + to),
                    null);
        }
        Map<String, String> compared = new LinkedHashMap<>();
        for (String column : sourceColumns) {
            String name = column;
            if (plan.isPresent()) {
                Optional<MappedColumn> mapped = plan.get().columns().resolve(column);
                if (mapped.isEmpty()) {
                    notes.add(column + ": removed by the table mapping");
                    continue;
                }
                if (mapped.get().mask() != null || mapped.get().type() != null) {
                    notes.add(column + ": its value is changed by the table mapping, not compared");
                    continue;
                }
                name = mapped.get().name();
            }
            String wanted = name;
            // The exact name, else the one name that differs only in case (convert-lowercase).
            List<String> copies =
                    targetColumns.contains(wanted)
                            ? List.of(wanted)
                            : targetColumns.stream().filter(wanted::equalsIgnoreCase).toList();
            if (copies.isEmpty()) {
                problems.add("the target lacks column " + wanted);
            } else if (copies.size() > 1) {
                problems.add("the target has columns " + copies + " for " + wanted);
            } else {
                compared.put(column, copies.get(0));
            }
        }
        for (AddedColumn added : plan.map(TablePlan::added).orElse(List.of())) {
            notes.add(added.name() + ": added by the table mapping, not compared");
        }
        List<String> keys = primaryKey(source, from);
        if (plan.isPresent() && !plan.get().keyColumns().isEmpty()) {
            // The source need not hold that key unique or non-null: compare whole rows.
            notes.add(
                    "the mapping's key "
                            + plan.get().keyColumns()
                            + " is not the source's primary key: rows compared as multisets");
            keys = List.of();
        }
        for (String key : keys) {
            if (!compared.containsKey(key)) {
                return skipped(
                        from,
                        to,
                        "key column "
                                + key
                                + " is not compared ("
                                + String.join("; ", notes)
                                + ")");
            }
        }
        return new ComparedTable(from, to, keys, compared, notes, problems, null);
    }

    /** A name as a metadata pattern matching only itself ({@code _} and {@code %} escaped). */
    private static String literal(DatabaseMetaData metadata, String name) throws SQLException {
        String escape = metadata.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape)
                .replace("_", escape + "_")
                .replace("%", escape + "%");
    }

    private static ComparedTable skipped(TableName from, TableName to, String why) {
        return new ComparedTable(from, to, List.of(), Map.of(), List.of(), List.of(), why);
    }

    /** The source's name of a table, as the table mapping names source tables. */
    static TableId id(TableName table) {
        return new TableId(table.schema() == null ? "" : table.schema(), table.table());
    }

    /** MariaDB and MySQL call the database a catalog; what DMS calls the schema is that. */
    static boolean schemaIsCatalog(DatabaseMetaData metadata) throws SQLException {
        return Engine.ofProduct(metadata.getDatabaseProductName())
                .filter(Engine::binlog)
                .isPresent();
    }

    /** The tables of the source, for the table mapping to select from. */
    static List<TableName> tables(DatabaseMetaData metadata) throws SQLException {
        boolean asCatalog = schemaIsCatalog(metadata);
        List<TableName> tables = new ArrayList<>();
        try (ResultSet result = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (result.next()) {
                String schema = result.getString(asCatalog ? "TABLE_CAT" : "TABLE_SCHEM");
                tables.add(new TableName(schema, result.getString("TABLE_NAME")));
            }
        }
        return tables;
    }

    /** The primary key's columns in key order. */
    private static List<String> primaryKey(DatabaseMetaData metadata, TableName table)
            throws SQLException {
        boolean asCatalog = schemaIsCatalog(metadata);
        Map<Short, String> ordered = new TreeMap<>();
        try (ResultSet keys =
                metadata.getPrimaryKeys(
                        asCatalog ? table.schema() : null,
                        asCatalog ? null : table.schema(),
                        table.table())) {
            // getPrimaryKeys takes names, not patterns.
            while (keys.next()) {
                ordered.put(keys.getShort("KEY_SEQ"), keys.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(ordered.values());
    }

    private static List<String> columns(DatabaseMetaData metadata, TableName table)
            throws SQLException {
        boolean asCatalog = schemaIsCatalog(metadata);
        List<String> names = new ArrayList<>();
        try (ResultSet columns =
                metadata.getColumns(
                        asCatalog ? table.schema() : null,
                        asCatalog || table.schema() == null
                                ? null
                                : literal(metadata, table.schema()),
                        literal(metadata, table.table()),
                        null)) {
            while (columns.next()) {
                // A pattern's escape is not honoured by every driver: keep exact names only.
                if (columns.getString("TABLE_NAME").equals(table.table())) {
                    names.add(columns.getString("COLUMN_NAME"));
                }
            }
        }
        return names;
    }
}
