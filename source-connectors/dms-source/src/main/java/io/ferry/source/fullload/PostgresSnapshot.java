package io.ferry.source.fullload;

import io.ferry.common.TableId;
import io.ferry.dms.Engine;
import io.ferry.source.SourceConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one view of a PostgreSQL database every segment reader of a load reads, tied to where CDC
 * begins: exported as the replication slot CDC reads is created, it holds every change committed
 * before the slot's consistent point and none after, so CDC from the slot follows the load without
 * a gap or an overlap. A snapshot lives as long as the connection that exported it: the connector
 * holds this one open until the load is done.
 *
 * <p>When the slot exists already (the holder died and the connector started again), no snapshot at
 * its point can be had any more: the rest of the load reads a snapshot taken now, later than the
 * slot's point, and CDC from the slot brings the changes in between again — a keyed target
 * (upserts, deletes by key) ends the same, an appending one holds them twice. Never a gap.
 */
final class PostgresSnapshot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshot.class);

    /** PostgreSQL's snapshot names: hexadecimal parts and dashes (they cannot be bound). */
    private static final Pattern NAME = Pattern.compile("[0-9A-Fa-f-]+");

    /** The holder's name in {@code pg_stat_activity}, for a DBA to tell what holds a snapshot. */
    static final String HOLDER = "ferry-full-load-snapshot";

    static final String SLOT = "slot.name";
    static final String PUBLICATION = "publication.name";
    static final String PLUGIN = "plugin.name";
    static final String AUTOCREATE = "publication.autocreate.mode";

    private final Connection holder;
    private final String name;

    private PostgresSnapshot(Connection holder, String name) {
        this.holder = holder;
        this.name = name;
    }

    /**
     * Makes what CDC will read (the publication as Debezium's settings say, before the slot, which
     * decodes with it) and the slot with its snapshot; when the slot exists, a snapshot taken now.
     *
     * @param debezium the connector's settings, with Ferry's PostgreSQL defaults
     * @param tables the tables a filtered publication holds
     */
    static PostgresSnapshot export(Map<String, String> debezium, List<TableId> tables)
            throws SQLException {
        String slot = debezium.getOrDefault(SLOT, "debezium");
        try (Connection connection = SourceConnections.open(Engine.POSTGRES, debezium)) {
            publish(connection, debezium, tables);
            if (slotExists(connection, slot)) {
                LOG.warn(
                        "Replication slot {} exists: the load goes on at a snapshot taken now, and"
                                + " CDC from the slot brings again the changes made since the slot"
                                + " was created",
                        slot);
                return now(debezium);
            }
        }
        Properties replication = new Properties();
        replication.setProperty("replication", "database");
        // The replication protocol takes simple queries only.
        replication.setProperty("preferQueryMode", "simple");
        // Else the driver's start-up queries leave the connection outside the replication grammar.
        replication.setProperty("assumeMinServerVersion", "9.4");
        replication.setProperty("ApplicationName", HOLDER);
        // Creating the slot waits for running transactions; then the holder only waits.
        replication.setProperty("socketTimeout", "0");
        replication.setProperty("tcpKeepAlive", "true");
        Connection holder = SourceConnections.open(Engine.POSTGRES, debezium, replication);
        try (Statement statement = holder.createStatement();
                ResultSet result =
                        statement.executeQuery(
                                "CREATE_REPLICATION_SLOT "
                                        + Engine.POSTGRES.quote(slot)
                                        + " LOGICAL "
                                        + Engine.POSTGRES.quote(
                                                debezium.getOrDefault(PLUGIN, "pgoutput"))
                                        + " EXPORT_SNAPSHOT")) {
            result.next();
            String name = checked(result.getString("snapshot_name"));
            LOG.info(
                    "Replication slot {} created at {}; the load reads its snapshot {}",
                    slot,
                    result.getString("consistent_point"),
                    name);
            return new PostgresSnapshot(holder, name);
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /** A snapshot of now, held by a transaction that does nothing else. */
    static PostgresSnapshot now(Map<String, String> debezium) throws SQLException {
        Properties named = new Properties();
        named.setProperty("ApplicationName", HOLDER);
        named.setProperty("socketTimeout", "0");
        named.setProperty("tcpKeepAlive", "true");
        // The holder is idle in its transaction for the whole load.
        named.setProperty("options", "-c idle_in_transaction_session_timeout=0");
        Connection holder = SourceConnections.open(Engine.POSTGRES, debezium, named);
        try {
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = holder.createStatement();
                    ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
                result.next();
                return new PostgresSnapshot(holder, checked(result.getString(1)));
            }
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /** The snapshot's name, for readers to import. */
    String name() {
        return name;
    }

    /**
     * Makes {@code connection}'s next transaction read {@code name}: the transaction stays open,
     * every page of the load read in it.
     *
     * @throws java.sql.SQLTransientException the snapshot is gone (its holder's connection closed):
     *     the connector exports another and gives it to the tasks
     */
    static void read(Connection connection, String name) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT '" + checked(name) + "'");
        } catch (SQLException e) {
            connection.rollback();
            if ("22023".equals(e.getSQLState())) {
                throw new java.sql.SQLTransientException(
                        "the load's snapshot "
                                + name
                                + " is gone (its holder's connection closed); the connector"
                                + " exports another",
                        e);
            }
            throw e;
        }
    }

    /**
     * Whether a transaction can still read the snapshot: false only when PostgreSQL says the
     * snapshot is gone, not when the probe cannot connect.
     */
    boolean alive(Map<String, String> debezium) throws SQLException {
        try (Connection probe = SourceConnections.open(Engine.POSTGRES, debezium)) {
            read(probe, name);
            probe.rollback();
            return true;
        } catch (java.sql.SQLTransientException e) {
            return !(e.getCause() instanceof SQLException cause
                    && "22023".equals(cause.getSQLState()));
        }
    }

    /** Whether Debezium's slot (the settings' {@code slot.name}) exists. */
    static boolean slotExists(Map<String, String> debezium) throws SQLException {
        try (Connection connection = SourceConnections.open(Engine.POSTGRES, debezium)) {
            return slotExists(connection, debezium.getOrDefault(SLOT, "debezium"));
        }
    }

    @Override
    public void close() throws SQLException {
        holder.close();
    }

    private static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalStateException("not a snapshot name: " + name);
        }
        return name;
    }

    private static boolean slotExists(Connection connection, String slot) throws SQLException {
        try (var statement =
                connection.prepareStatement(
                        "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slot);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static String tableList(List<TableId> tables) {
        return tables.stream()
                .map(
                        t ->
                                Engine.POSTGRES.quote(t.schema())
                                        + "."
                                        + Engine.POSTGRES.quote(t.table()))
                .collect(Collectors.joining(", "));
    }

    /**
     * The publication CDC reads, made before the slot as Debezium would make it: of all tables, or
     * of the load's tables ({@code filtered}, Ferry's default: one that exists is set to them);
     * {@code disabled} leaves it to the DBA, and needs it to exist.
     */
    private static void publish(
            Connection connection, Map<String, String> debezium, List<TableId> tables)
            throws SQLException {
        String publication = debezium.getOrDefault(PUBLICATION, "dbz_publication");
        String mode = debezium.getOrDefault(AUTOCREATE, "filtered").trim().toLowerCase();
        try (var statement =
                connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            statement.setString(1, publication);
            try (ResultSet result = statement.executeQuery()) {
                boolean exists = result.next();
                if (mode.equals("disabled")) {
                    if (!exists) {
                        throw new SQLException(
                                "publication "
                                        + publication
                                        + " does not exist, and publication.autocreate.mode is"
                                        + " disabled: create it before the load, which CDC follows");
                    }
                    return;
                }
                if (exists && !mode.equals("filtered")) {
                    return;
                }
                if (exists) {
                    // Debezium sets its tables when CDC starts; the slot decodes with the
                    // publication as it stands at each change, so it is set before the slot.
                    try (Statement alter = connection.createStatement()) {
                        alter.execute(
                                "ALTER PUBLICATION "
                                        + Engine.POSTGRES.quote(publication)
                                        + " SET TABLE "
                                        + tableList(tables));
                    }
                    return;
                }
            }
        }
        String what = mode.equals("all_tables") ? "ALL TABLES" : "TABLE " + tableList(tables);
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE PUBLICATION " + Engine.POSTGRES.quote(publication) + " FOR " + what);
        }
    }
}
