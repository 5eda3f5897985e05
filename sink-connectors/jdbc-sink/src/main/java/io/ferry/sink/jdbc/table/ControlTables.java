package io.ferry.sink.jdbc.table;

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
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's tables in the target, in the control schema: the Kafka offset each partition has been
 * applied up to (written in the same transaction as the rows), which tables this migration has
 * prepared, and DMS-style apply exceptions.
 */
public final class ControlTables {
    static final String OFFSETS = "ferry_sink_offsets";
    static final String PREPARED = "ferry_table_prep";
    static final String EXCEPTIONS = "ferry_apply_exceptions";

    private final Dialect dialect;
    private final String schema;
    private final String migration;

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

    /** Creates the control tables that are missing, and commits. */
    public void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!Catalog.schemaExists(connection, schema)) {
                statement.execute(dialect.createSchema(schema));
            }
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(OFFSETS)
                            + " (connector_name varchar(255) NOT NULL, topic varchar(255) NOT NULL,"
                            + " kafka_partition int NOT NULL, next_offset bigint NOT NULL,"
                            + " PRIMARY KEY (connector_name, topic, kafka_partition))");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(PREPARED)
                            + " (connector_name varchar(255) NOT NULL, table_schema varchar(255)"
                            + " NOT NULL, table_name varchar(255) NOT NULL, prep_mode"
                            + " varchar(32) NOT NULL, prepared_at timestamp NOT NULL,"
                            + " PRIMARY KEY (connector_name, table_schema, table_name))");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table(EXCEPTIONS)
                            + " (task_name varchar(255) NOT NULL, table_owner varchar(255),"
                            + " table_name varchar(255), error_time timestamp NOT NULL,"
                            + " statement text, error text, topic varchar(255), kafka_partition"
                            + " int, kafka_offset bigint)");
        }
        connection.commit();
    }

    /** The next offset to apply per partition, for the partitions this migration has applied. */
    public Map<TopicPartition, Long> offsets(
            Connection connection, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement(
                        "SELECT topic, kafka_partition, next_offset FROM "
                                + table(OFFSETS)
                                + " WHERE connector_name = ?")) {
            statement.setString(1, migration);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TopicPartition partition =
                            new TopicPartition(rows.getString(1), rows.getInt(2));
                    if (partitions.contains(partition)) {
                        offsets.put(partition, rows.getLong(3));
                    }
                }
            }
        }
        return offsets;
    }

    /** Records the next offsets, in the caller's transaction. */
    public void saveOffsets(Connection connection, Map<TopicPartition, Long> next)
            throws SQLException {
        try (PreparedStatement update =
                        connection.prepareStatement(
                                "UPDATE "
                                        + table(OFFSETS)
                                        + " SET next_offset = ? WHERE connector_name = ? AND"
                                        + " topic = ? AND kafka_partition = ?");
                PreparedStatement insert =
                        connection.prepareStatement(
                                "INSERT INTO "
                                        + table(OFFSETS)
                                        + " (next_offset, connector_name, topic,"
                                        + " kafka_partition) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                bindOffset(update, entry);
                if (update.executeUpdate() == 0) {
                    bindOffset(insert, entry);
                    insert.executeUpdate();
                }
            }
        }
    }

    private void bindOffset(PreparedStatement statement, Map.Entry<TopicPartition, Long> entry)
            throws SQLException {
        statement.setLong(1, entry.getValue());
        statement.setString(2, migration);
        statement.setString(3, entry.getKey().topic());
        statement.setInt(4, entry.getKey().partition());
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
