package io.ferry.source.fullload;

import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.TableSchema;
import io.debezium.util.ColumnUtils;
import io.ferry.common.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The tables a full load reads, as the engine's Debezium connector sees them: its column
 * definitions, its schemas and its conversion of each value, so a row loaded here is the event
 * Debezium's snapshot would have sent for it (same topic, key, envelope, {@code op=r}).
 */
interface DebeziumTables extends AutoCloseable {

    /** The connection rows are read on. */
    Connection connection() throws SQLException;

    /** The database's tables (not views), for the selection to choose from. */
    List<TableId> present() throws SQLException;

    /**
     * The table's partitions by name, in the table's order (subpartitions are read with their
     * partition), and its layout; none when it has none.
     */
    default LoadPlan.Partitioning partitioning(TableId table) throws SQLException {
        return LoadPlan.Partitioning.NONE;
    }

    /** Debezium's view of {@code tables}; a table the database lacks is left out. */
    Map<TableId, Loaded> read(List<TableId> tables) throws SQLException;

    /**
     * Why the full load cannot page {@code table} by its primary key, or empty when it can: no key,
     * or a key type whose text does not compare as the column orders.
     */
    default Optional<String> unpageable(Loaded table) {
        return table.key().isEmpty() ? Optional.of("no primary key") : Optional.empty();
    }

    /** A row of {@code table} read from the current row of a result of its columns. */
    SegmentReader.RowReader rows(Loaded table);

    /** How this connector's events are built. */
    DebeziumEvents events();

    /** The database Debezium's source block names for {@code table}. */
    String database(Loaded table);

    /** The event for a row read, carrying {@code partition} and {@code offset}. */
    default SourceRecord event(
            Loaded table, Object[] row, Map<String, ?> partition, Map<String, ?> offset) {
        return events().event(table, row, database(table), partition, offset);
    }

    /** The table's announcement ({@code op=p}, no row), sent before its first row. */
    default SourceRecord announcement(Loaded table) {
        return events().announcement(table, database(table));
    }

    /** Debezium's heartbeat topic for the connector. */
    String heartbeatTopic();

    /** A heartbeat carrying {@code partition} and {@code offset}: a segment's end. */
    default SourceRecord heartbeat(Map<String, ?> partition, Map<String, ?> offset) {
        return events().heartbeat(heartbeatTopic(), partition, offset);
    }

    @Override
    void close() throws SQLException;

    /** A table with Debezium's definition and schemas of it. */
    record Loaded(TableId id, Table table, TableSchema schema, String topic) {
        List<String> columns() {
            return table.columns().stream().map(c -> c.name()).toList();
        }

        List<String> key() {
            return table.primaryKeyColumnNames();
        }

        /**
         * The table's columns in the order a segment's query reads them, for Debezium's row
         * reading: the key's text the query reads after them is Ferry's, not a column's.
         */
        ColumnUtils.ColumnArray columnArray() {
            List<Column> columns = table.columns();
            int greatest = columns.stream().mapToInt(Column::position).max().orElse(0);
            return new ColumnUtils.ColumnArray(columns.toArray(new Column[0]), greatest);
        }
    }
}
