package io.ferry.sink.jdbc.table;

import io.ferry.common.TableId;
import io.ferry.sink.jdbc.TablePrepMode;
import io.ferry.sink.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a target table ready before rows are written to it: prepared once per migration as {@code
 * target.table.prep.mode} says (recorded in the control tables, under a lock every task of every
 * worker shares), created with its primary key when missing, and given the columns records bring.
 * Runs in its own transactions, before the batch's: MySQL commits on DDL.
 */
public final class TableManager {
    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);

    private final Dialect dialect;
    private final ControlTables control;
    private final TablePrepMode prepMode;
    private final boolean autoEvolve;
    private final Set<TableId> prepared = new HashSet<>();
    private final Map<TableId, Set<String>> knownColumns = new HashMap<>();
    private final Map<TableId, Map<String, Integer>> decimalScales = new HashMap<>();

    public TableManager(
            Dialect dialect, ControlTables control, TablePrepMode prepMode, boolean autoEvolve) {
        this.dialect = dialect;
        this.control = control;
        this.prepMode = prepMode;
        this.autoEvolve = autoEvolve;
    }

    /** Makes the table ready for {@code spec}'s rows; a no-op once it is. */
    public void ready(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        Set<String> known = knownColumns.get(table);
        if (prepared.contains(table) && known != null && missing(spec, known).isEmpty()) {
            return;
        }
        String lock = "ferry-table:" + dialect.table(table);
        dialect.lock(connection, lock);
        try {
            if (!prepared.contains(table)) {
                prepare(connection, spec);
                prepared.add(table);
            }
            evolve(connection, spec);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            dialect.unlock(connection, lock);
        }
    }

    /** Whether the table is in the target (a truncate of a table never written to is a no-op). */
    public boolean exists(Connection connection, TableId table) throws SQLException {
        return knownColumns.containsKey(table) || !Catalog.columns(connection, table).isEmpty();
    }

    /**
     * Whether a load that starts over empties what the earlier one wrote: not with {@code
     * DO_NOTHING}, which leaves the target's rows to the user.
     */
    public boolean emptiesOnReload() {
        return prepMode != TablePrepMode.DO_NOTHING;
    }

    /** Forgets what it knows; the next batch checks the target again. */
    public void reset() {
        prepared.clear();
        knownColumns.clear();
        decimalScales.clear();
    }

    private void prepare(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        boolean exists = !Catalog.columns(connection, table).isEmpty();
        if (!control.isPrepared(connection, table)) {
            if (exists && prepMode == TablePrepMode.DROP_AND_CREATE) {
                LOG.info("Dropping {} (target.table.prep.mode=DROP_AND_CREATE)", table);
                execute(connection, "DROP TABLE " + dialect.table(table));
                exists = false;
            } else if (exists && prepMode == TablePrepMode.TRUNCATE_BEFORE_LOAD) {
                LOG.info("Truncating {} (target.table.prep.mode=TRUNCATE_BEFORE_LOAD)", table);
                execute(connection, "TRUNCATE TABLE " + dialect.table(table));
            }
            if (!exists) {
                create(connection, spec);
                exists = true;
            }
            control.markPrepared(connection, table, prepMode.name());
            connection.commit();
        }
        if (!exists) {
            // Prepared before, dropped since by someone else: create it again, empty.
            create(connection, spec);
            connection.commit();
        }
    }

    private void create(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        if (!Catalog.schemaExists(connection, table.schema())) {
            execute(connection, dialect.createSchema(table.schema()));
        }
        List<String> definitions = new ArrayList<>();
        for (Column column : spec.columns()) {
            boolean key = spec.isKey(column.name());
            definitions.add(definition(column, key, key || !column.schema().isOptional()));
        }
        if (spec.hasKey()) {
            definitions.add(
                    "PRIMARY KEY ("
                            + spec.keyColumns().stream()
                                    .map(dialect::quote)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
        LOG.info("Creating {} with key {}", table, spec.keyColumns());
        execute(
                connection,
                "CREATE TABLE IF NOT EXISTS "
                        + dialect.table(table)
                        + " ("
                        + String.join(", ", definitions)
                        + ")"
                        + dialect.tableOptions(connection));
    }

    private void evolve(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        Set<String> existing = Catalog.columns(connection, table);
        List<Column> missing = missing(spec, existing);
        if (!missing.isEmpty() && !autoEvolve) {
            throw new ConnectException(
                    "Table "
                            + table
                            + " lacks columns "
                            + missing.stream().map(Column::name).toList()
                            + " and auto.evolve is false");
        }
        for (Column column : missing) {
            LOG.info("Adding column {} to {}", column.name(), table);
            execute(
                    connection,
                    "ALTER TABLE "
                            + dialect.table(table)
                            + " ADD COLUMN "
                            + definition(column, false, false));
            existing.add(Catalog.lower(column.name()));
        }
        decimalScales.put(table, Catalog.decimalScales(connection, table));
        connection.commit();
        knownColumns.put(table, existing);
    }

    /**
     * The scale of each fixed-point column of a ready table, by lower-case column name: a value
     * with more decimals would be rounded by the database without an error.
     */
    public Map<String, Integer> decimalScales(TableId table) {
        return decimalScales.getOrDefault(table, Map.of());
    }

    /** Added columns are always nullable: rows already there have no value for them. */
    private String definition(Column column, boolean key, boolean notNull) {
        String type;
        try {
            type = dialect.columnType(column, key);
        } catch (DataException e) {
            throw new ConnectException("Column " + column.name() + ": " + e.getMessage(), e);
        }
        return dialect.quote(column.name()) + " " + type + (notNull ? " NOT NULL" : "");
    }

    private static List<Column> missing(TableSpec spec, Set<String> existing) {
        return spec.columns().stream()
                .filter(c -> !existing.contains(Catalog.lower(c.name())))
                .toList();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
