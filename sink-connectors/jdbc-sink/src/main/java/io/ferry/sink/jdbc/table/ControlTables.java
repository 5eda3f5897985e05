package io.ferry.sink.jdbc.table;

import io.ferry.common.SourcePosition;
import io.ferry.common.TableId;
import io.ferry.sink.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's tables in the target, in the control schema: the Kafka offset each partition has been
 * applied up to (written in the same transaction as the rows), which tables this migration has
 * prepared, and DMS-style apply exceptions.
 *
 * <p>Each offsets row also holds the generation of the partition's owner. A task that is assigned a
 * partition claims it by raising the generation; its offsets update only matches its own
 * generation, so a task that lost the partition (evicted from the consumer group while it wrote)
 * cannot commit rows or offsets over the new owner's — its transaction is rolled back. And it holds
 * the source position of the partition's last applied change, so a change the source sends again is
 * recognised.
 */
public final class ControlTables {
    static final String OFFSETS = "ferry_sink_offsets";
    static final String PREPARED = "ferry_table_prep";
    static final String EXCEPTIONS = "ferry_apply_exceptions";
    private static final String LEGACY_PREFIX = "#mysql50#";

    private final Dialect dialect;
    private final String schema;
    private final String migration;

    /** The generation this task claimed, per partition it owns. */
    private final Map<TopicPartition, Long> generations = new HashMap<>();

    /** The offset each partition's row held when this task last read or wrote it. */
    private final Map<TopicPartition, Long> known = new HashMap<>();

    /**
     * @param migration the connector's name: offsets and preparations belong to it
     */
    public ControlTables(Dialect dialect, String schema, String migration) {
        this.dialect = dialect;
        this.schema = schema;
        this.migration = migration;
    }

    public String schema() {
        return schema;
    }

    /**
     * Whether {@code table} may be a control table of this sink or of any other: the names in any
     * schema (another connector's, or an earlier {@code control.schema}), compared without case
     * (MySQL and MariaDB may fold them), and MariaDB's {@code #mysql50#} prefix, which names the
     * same table under another spelling.
     */
    public static boolean isControlTable(TableId table) {
        if (table.schema().startsWith(LEGACY_PREFIX) || table.table().startsWith(LEGACY_PREFIX)) {
            return true;
        }
        return Stream.of(OFFSETS, PREPARED, EXCEPTIONS)
                .anyMatch(name -> name.equalsIgnoreCase(table.table()));
    }

    /** The offsets table as SQL names it, for messages that tell a user what to reset. */
    public String offsetsTable() {
        return table(OFFSETS);
    }

    /** The table-preparation table as SQL names it. */
    public String preparedTable() {
        return table(PREPARED);
    }

    /**
     * Creates the control tables that are missing, and commits. Tasks starting together race to
     * create them, and PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} can then fail on its
     * catalog's unique index: the loser rolls back and tries again, finding them there.
     */
    public void create(Connection connection) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                createMissing(connection);
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void createMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!Catalog.schemaExists(connection, schema)) {
                statement.execute(dialect.createSchema(schema));
            }
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(OFFSETS)
                            + " (connector_name varchar(255) NOT NULL, topic varchar(255) NOT NULL,"
                            + " kafka_partition int NOT NULL, next_offset bigint NOT NULL,"
                            + " owner_generation bigint NOT NULL DEFAULT 0,"
                            + " PRIMARY KEY (connector_name, topic, kafka_partition))"
                            + dialect.tableOptions(connection));
            connection.commit(); // the tables stay if an ALTER below must roll back
            // Tables of earlier versions; MySQL has no ADD COLUMN IF NOT EXISTS.
            addMissing(connection, statement, "owner_generation", "bigint NOT NULL DEFAULT 0");
            addMissing(connection, statement, "source_stream", "varchar(255)");
            addMissing(connection, statement, "source_position", "varchar(64)");
            addMissing(connection, statement, "source_time", "bigint");
            addMissing(connection, statement, "source_applied_at", "int NOT NULL DEFAULT 0");
            addMissing(connection, statement, "source_resent_at", "int NOT NULL DEFAULT -1");
            addMissing(connection, statement, "source_first_image", "int NOT NULL DEFAULT 0");
            boolean states =
                    Catalog.columns(connection, new TableId(schema, OFFSETS))
                            .contains("announce_state");
            addMissing(connection, statement, "announce_state", "int NOT NULL DEFAULT 0");
            if (!states) {
                // Written by an earlier version: a partition that applied something has had rows,
                // so its next announcement starts that load over (a load caught by the upgrade).
                statement.executeUpdate(
                        "UPDATE "
                                + table(OFFSETS)
                                + " SET announce_state = "
                                + io.ferry.common.LoadRestarts.ROWS
                                + " WHERE next_offset > 0");
                connection.commit();
            }
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(PREPARED)
                            + " (connector_name varchar(255) NOT NULL, table_schema varchar(255)"
                            + " NOT NULL, table_name varchar(255) NOT NULL, prep_mode"
                            + " varchar(32) NOT NULL, prepared_at timestamp NOT NULL,"
                            + " PRIMARY KEY (connector_name, table_schema, table_name))"
                            + dialect.tableOptions(connection));
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(EXCEPTIONS)
                            + " (task_name varchar(255) NOT NULL, table_owner varchar(255),"
                            + " table_name varchar(255), error_time timestamp NOT NULL,"
                            + " statement text, error text, topic varchar(255), kafka_partition"
                            + " int, kafka_offset bigint)"
                            + dialect.tableOptions(connection));
        }
        connection.commit();
    }

    private void addMissing(
            Connection connection, Statement statement, String column, String definition)
            throws SQLException {
        TableId offsets = new TableId(schema, OFFSETS);
        if (Catalog.columns(connection, offsets).contains(column)) {
            return;
        }
        try {
            statement.execute(
                    "ALTER TABLE " + table(OFFSETS) + " ADD COLUMN " + column + " " + definition);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!Catalog.columns(connection, offsets).contains(column)) {
                throw e;
            } // another task added it at the same time
        }
    }

    /** The next offset to apply per partition, for the partitions this migration has applied. */
    public Map<TopicPartition, Long> offsets(
            Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> stored :
                column(connection, partitions, "next_offset", rows -> rows.getLong(3)).entrySet()) {
            known.put(stored.getKey(), stored.getValue());
            if (stored.getValue() >= 0) {
                offsets.put(stored.getKey(), stored.getValue());
            }
        }
        return offsets;
    }

    /** Where each partition stands between loads ({@code LoadRestarts}), for the partitions. */
    public Map<TopicPartition, Integer> announceStates(
            Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        return column(connection, partitions, "announce_state", rows -> rows.getInt(3));
    }

    private interface ColumnReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** One column of the offsets table per partition, for those of {@code partitions} it has. */
    private <T> Map<TopicPartition, T> column(
            Connection connection,
            Collection<TopicPartition> partitions,
            String column,
            ColumnReader<T> reader)
            throws SQLException {
        Map<TopicPartition, T> values = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT topic, kafka_partition, "
                                + column
                                + " FROM "
                                + table(OFFSETS)
                                + " WHERE connector_name = ?")) {
            statement.setString(1, migration);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TopicPartition partition =
                            new TopicPartition(rows.getString(1), rows.getInt(2));
                    if (partitions.contains(partition)) {
                        values.put(partition, reader.read(rows));
                    }
                }
            }
        }
        return values;
    }

    /**
     * The source position of the last change applied per partition, for partitions whose changes
     * carry one (see {@link SourcePosition}).
     */
    public Map<TopicPartition, AppliedPosition> sourcePositions(
            Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, AppliedPosition> positions = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT topic, kafka_partition, source_stream, source_position,"
                                + " source_time, source_applied_at, source_resent_at,"
                                + " source_first_image FROM "
                                + table(OFFSETS)
                                + " WHERE connector_name = ? AND source_position IS NOT NULL")) {
            statement.setString(1, migration);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TopicPartition partition =
                            new TopicPartition(rows.getString(1), rows.getInt(2));
                    if (partitions.contains(partition)) {
                        positions.put(
                                partition,
                                new AppliedPosition(
                                        new SourcePosition(rows.getString(3), rows.getString(4)),
                                        rows.getLong(5),
                                        rows.getInt(6),
                                        rows.getInt(7),
                                        rows.getInt(8)));
                    }
                }
            }
        }
        return positions;
    }

    /**
     * Makes this task the owner of {@code partitions}: raises each one's generation (a row with no
     * offset yet, {@code -1}, for a partition never applied), in the caller's transaction. Waits
     * for a stale owner's open batch to end first: the row is locked until it does.
     */
    public void claim(Connection connection, Collection<TopicPartition> partitions)
            throws SQLException {
        try (PreparedStatement raise =
                        connection.prepareStatement(
                                "UPDATE "
                                        + table(OFFSETS)
                                        + " SET owner_generation = owner_generation + 1 WHERE"
                                        + " connector_name = ? AND topic = ? AND kafka_partition"
                                        + " = ?");
                PreparedStatement insert =
                        connection.prepareStatement(
                                "INSERT INTO "
                                        + table(OFFSETS)
                                        + " (connector_name, topic, kafka_partition, next_offset,"
                                        + " owner_generation) VALUES (?, ?, ?, -1, 1)");
                PreparedStatement read =
                        connection.prepareStatement(
                                "SELECT owner_generation FROM "
                                        + table(OFFSETS)
                                        + " WHERE connector_name = ? AND topic = ? AND"
                                        + " kafka_partition = ?")) {
            for (TopicPartition partition : partitions) {
                bindPartition(raise, 1, partition);
                if (raise.executeUpdate() == 0) {
                    bindPartition(insert, 1, partition);
                    insert.executeUpdate(); // a concurrent claim fails here on the key: retried
                }
                bindPartition(read, 1, partition);
                try (ResultSet rows = read.executeQuery()) {
                    rows.next();
                    generations.put(partition, rows.getLong(1));
                }
            }
        }
    }

    /** The task no longer owns these partitions. */
    public void release(Collection<TopicPartition> partitions) {
        partitions.forEach(generations::remove);
        partitions.forEach(known::remove);
    }

    /**
     * Records the next offsets, in the caller's transaction, for partitions this task still owns
     * and whose offsets are still what it last read or wrote. The update waits for any other
     * transaction on the row, so a commit whose reply was lost (it landed after the offsets were
     * read again) is seen here, not applied twice.
     *
     * @return the partitions another task has claimed since: the caller must roll back
     * @throws SQLException (40001) an offset moved since it was read: roll back, read them again
     */
    public Set<TopicPartition> saveOffsets(
            Connection connection,
            Map<TopicPartition, Long> next,
            Map<TopicPartition, AppliedPosition> positions)
            throws SQLException {
        Set<TopicPartition> lost = new HashSet<>();
        String where =
                " WHERE connector_name = ? AND topic = ? AND kafka_partition = ? AND"
                        + " owner_generation = ? AND next_offset = ?";
        try (PreparedStatement update =
                        connection.prepareStatement(
                                "UPDATE " + table(OFFSETS) + " SET next_offset = ?" + where);
                PreparedStatement withPosition =
                        connection.prepareStatement(
                                "UPDATE "
                                        + table(OFFSETS)
                                        + " SET next_offset = ?, source_stream = ?,"
                                        + " source_position = ?, source_time = ?,"
                                        + " source_applied_at = ?, source_resent_at = ?,"
                                        + " source_first_image = ?"
                                        + where);
                PreparedStatement read =
                        connection.prepareStatement(
                                "SELECT owner_generation FROM "
                                        + table(OFFSETS)
                                        + " WHERE connector_name = ? AND topic = ? AND"
                                        + " kafka_partition = ?")) {
            for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                TopicPartition partition = entry.getKey();
                Long generation = generations.get(partition);
                if (generation == null) {
                    lost.add(partition);
                    continue;
                }
                AppliedPosition position = positions.get(partition);
                PreparedStatement statement = position == null ? update : withPosition;
                int index = 1;
                statement.setLong(index++, entry.getValue());
                if (position != null) {
                    statement.setString(index++, position.position().stream());
                    statement.setString(index++, position.position().order());
                    statement.setLong(index++, position.latestMicros());
                    statement.setInt(index++, position.appliedAt());
                    statement.setInt(index++, position.resentAt());
                    statement.setInt(index++, position.firstImage());
                }
                bindPartition(statement, index, partition);
                statement.setLong(index + 3, generation);
                statement.setLong(index + 4, known.getOrDefault(partition, -1L));
                if (statement.executeUpdate() > 0) {
                    continue;
                }
                bindPartition(read, 1, partition);
                try (ResultSet rows = read.executeQuery()) {
                    if (!rows.next() || rows.getLong(1) != generation) {
                        lost.add(partition);
                        continue;
                    }
                }
                throw new SQLException(
                        "The offset of " + partition + " moved since it was read", "40001", 1213);
            }
        }
        if (lost.isEmpty()) {
            known.putAll(next); // a failed commit replaces the connection, which reads them again
        }
        return lost;
    }

    private void bindPartition(PreparedStatement statement, int first, TopicPartition partition)
            throws SQLException {
        statement.setString(first, migration);
        statement.setString(first + 1, partition.topic());
        statement.setInt(first + 2, partition.partition());
    }

    /** Saves where partitions stand between loads, in the caller's transaction. */
    public void saveAnnounceStates(Connection connection, Map<TopicPartition, Integer> states)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "UPDATE "
                                + table(OFFSETS)
                                + " SET announce_state = ? WHERE connector_name = ? AND topic = ?"
                                + " AND kafka_partition = ?")) {
            for (Map.Entry<TopicPartition, Integer> entry : states.entrySet()) {
                statement.setInt(1, entry.getValue());
                bindPartition(statement, 2, entry.getKey());
                statement.executeUpdate();
            }
        }
    }

    public boolean isPrepared(Connection connection, TableId target) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT 1 FROM "
                                + table(PREPARED)
                                + " WHERE connector_name = ? AND table_schema = ? AND"
                                + " table_name = ?")) {
            statement.setString(1, migration);
            statement.setString(2, target.schema());
            statement.setString(3, target.table());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    public void markPrepared(Connection connection, TableId target, String mode)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "INSERT INTO "
                                + table(PREPARED)
                                + " (connector_name, table_schema, table_name, prep_mode,"
                                + " prepared_at) VALUES (?, ?, ?, ?, ?)")) {
            statement.setString(1, migration);
            statement.setString(2, target.schema());
            statement.setString(3, target.table());
            statement.setString(4, mode);
            statement.setTimestamp(5, Timestamp.from(Instant.now()));
            statement.executeUpdate();
        }
    }

    /** One rejected change, in the caller's transaction (DMS's awsdms_apply_exceptions). */
    public void recordException(
            Connection connection,
            String task,
            TableId target,
            String statementText,
            String error,
            TopicPartition partition,
            long offset)
            throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "INSERT INTO "
                                + table(EXCEPTIONS)
                                + " (task_name, table_owner, table_name, error_time, statement,"
                                + " error, topic, kafka_partition, kafka_offset) VALUES (?, ?, ?,"
                                + " ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, task);
            statement.setString(2, target == null ? null : target.schema());
            statement.setString(3, target == null ? null : target.table());
            statement.setTimestamp(4, Timestamp.from(Instant.now()));
            statement.setString(5, statementText);
            statement.setString(6, error);
            statement.setString(7, partition.topic());
            statement.setInt(8, partition.partition());
            statement.setLong(9, offset);
            statement.executeUpdate();
        }
    }

    private String table(String name) {
        return dialect.table(new TableId(schema, name));
    }
}
