package io.ferry.sink.jdbc.table;

import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import io.ferry.dms.TargetTablePrepMode;
import io.ferry.sink.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
    private final TargetTablePrepMode prepMode;
    private final boolean autoEvolve;
    private final Set<TableId> prepared = new HashSet<>();
    private final Map<TableId, Set<String>> knownColumns = new HashMap<>();
    private final Map<TableId, Map<String, Integer>> decimalScales = new HashMap<>();

    /** Per table, the declared character lengths its columns are known to hold. */
    private final Map<TableId, Map<String, Integer>> heldLengths = new HashMap<>();

    public TableManager(
            Dialect dialect,
            ControlTables control,
            TargetTablePrepMode prepMode,
            boolean autoEvolve) {
        this.dialect = dialect;
        this.control = control;
        this.prepMode = prepMode;
        this.autoEvolve = autoEvolve;
    }

    /** Makes the table ready for {@code spec}'s rows; a no-op once it is. */
    public void ready(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        Set<String> known = knownColumns.get(table);
        if (prepared.contains(table)
                && known != null
                && missing(spec, known).isEmpty()
                && longer(spec).isEmpty()) {
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
            heldLengths.remove(table); // what a rolled-back CREATE declared may not be there
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
        return prepMode.preparesTarget();
    }

    /** Forgets what it knows; the next batch checks the target again. */
    public void reset() {
        prepared.clear();
        knownColumns.clear();
        decimalScales.clear();
        heldLengths.clear();
    }

    private void prepare(Connection connection, TableSpec spec) throws SQLException {
        TableId table = spec.table();
        boolean exists = !Catalog.columns(connection, table).isEmpty();
        if (!control.isPrepared(connection, table)) {
            if (exists && prepMode == TargetTablePrepMode.DROP_AND_CREATE) {
                LOG.info("Dropping {} (target.table.prep.mode=DROP_AND_CREATE)", table);
                execute(connection, "DROP TABLE " + dialect.table(table));
                exists = false;
            } else if (exists && prepMode == TargetTablePrepMode.TRUNCATE_BEFORE_LOAD) {
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
        LOG.info("Creating {} with key {}", table, spec.keyColumns());
        try {
            execute(connection, createTable(connection, spec, spec.columns()));
        } catch (SQLException e) {
            if (!dialect.isTooLarge(e)) {
                throw e;
            }
            // The types' model undercounted this table: its strings unbounded, as before
            // lengths were known, rather than no table at all.
            LOG.warn(
                    "{} refused {} ({}); creating it with its non-key strings unbounded",
                    dialect.getClass().getSimpleName(),
                    table,
                    e.getMessage());
            List<Column> unbounded = new ArrayList<>();
            for (Column column : spec.columns()) {
                unbounded.add(spec.isKey(column.name()) ? column : unbounded(column));
            }
            execute(connection, createTable(connection, spec, unbounded));
        }
        held(table).putAll(declaredLengths(spec));
    }

    private String createTable(Connection connection, TableSpec spec, List<Column> columns)
            throws SQLException {
        List<String> types;
        try {
            types = dialect.columnTypes(columns, new HashSet<>(spec.keyColumns()));
        } catch (DataException e) {
            throw new ConnectException("Table " + spec.table() + ": " + e.getMessage(), e);
        }
        List<String> definitions = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            Column column = columns.get(i);
            boolean notNull = spec.isKey(column.name()) || !column.schema().isOptional();
            definitions.add(
                    dialect.quote(column.name())
                            + " "
                            + types.get(i)
                            + (notNull ? " NOT NULL" : ""));
        }
        if (spec.hasKey()) {
            definitions.add(
                    "PRIMARY KEY ("
                            + spec.keyColumns().stream()
                                    .map(dialect::quote)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
        return "CREATE TABLE IF NOT EXISTS "
                + dialect.table(spec.table())
                + " ("
                + String.join(", ", definitions)
                + ")"
                + dialect.tableOptions(connection);
    }

    /** The column without its declared length: {@code text} / {@code longtext}. */
    private static Column unbounded(Column column) {
        return new Column(column.name(), SourceColumnTypes.withoutSourceType(column.schema()));
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
            String add = "ALTER TABLE " + dialect.table(table) + " ADD COLUMN ";
            try {
                execute(connection, add + definition(column, false, false));
            } catch (SQLException e) {
                if (!dialect.isTooLarge(e)) {
                    throw e;
                }
                LOG.warn(
                        "Column {} of {} refused as declared ({}): adding it unbounded",
                        column.name(),
                        table,
                        e.getMessage());
                execute(connection, add + definition(unbounded(column), false, false));
            }
            existing.add(Catalog.lower(column.name()));
        }
        connection.commit();
        Map<String, Integer> declared = declaredLengths(spec);
        for (Column column : longer(spec)) {
            widen(connection, table, column, spec.isKey(column.name()));
            held(table).put(column.name(), declared.get(column.name()));
        }
        decimalScales.put(table, Catalog.decimalScales(connection, table));
        connection.commit();
        knownColumns.put(table, existing);
    }

    /**
     * A source column declared longer than before (varchar(20) to 40) is widened with {@code
     * auto.evolve}, as columns are added; left to the user without it. Where the target refuses (a
     * view uses the column, an index would grow past its limit), the column stays as it is and a
     * value longer than it is refused as a record.
     */
    private void widen(Connection connection, TableId table, Column column, boolean key)
            throws SQLException {
        if (!autoEvolve) {
            return;
        }
        Optional<String> widening = dialect.widening(connection, table, column, key);
        if (widening.isEmpty()) {
            return;
        }
        LOG.info("Widening column {} of {}", column.name(), table);
        try {
            execute(connection, widening.get());
            connection.commit();
            // Bulk writes stage rows in tables shaped like the target's: new ones from now on.
            dialect.rowWriter().reset();
        } catch (SQLException e) {
            if (dialect.isTransient(e) || dialect.isInterrupted(e)) {
                throw e;
            }
            connection.rollback();
            LOG.warn(
                    "Column {} of {} could not be widened; longer values will be refused: {}",
                    column.name(),
                    table,
                    e.getMessage());
        }
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

    /** The character columns declared longer than the table is known to hold. */
    private List<Column> longer(TableSpec spec) {
        Map<String, Integer> held = heldLengths.getOrDefault(spec.table(), Map.of());
        Map<String, Integer> declared = declaredLengths(spec);
        return spec.columns().stream()
                .filter(c -> declared.containsKey(c.name()))
                .filter(c -> declared.get(c.name()) > held.getOrDefault(c.name(), 0))
                .toList();
    }

    private Map<String, Integer> held(TableId table) {
        return heldLengths.computeIfAbsent(table, t -> new HashMap<>());
    }

    private static Map<String, Integer> declaredLengths(TableSpec spec) {
        Map<String, Integer> lengths = new HashMap<>();
        for (Column column : spec.columns()) {
            OptionalInt length = SourceColumnTypes.characterLength(column.schema());
            if (length.isPresent()) {
                lengths.put(column.name(), length.getAsInt());
            }
        }
        return lengths;
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
