package io.ferry.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * DMS-style table statistics read from the DMS source's plugin metrics (JMX, {@code
 * kafka.connect:type=plugins}): per table rows loaded and changes captured, per task its migration
 * state and source latency. Counts are the running tasks' since they started.
 */
final class TableStatistics {
    record Table(
            String connector,
            String schema,
            String table,
            long fullLoadRows,
            long inserts,
            long updates,
            long deletes,
            long ddls,
            String state) {
        String qualified() {
            return schema + "." + table;
        }

        long changes() {
            return inserts + updates + deletes;
        }
    }

    record Task(String connector, String task, String state, long sourceLagMs) {
        /** {@code 1,250 ms}, or {@code -} before the task has read a change or a heartbeat. */
        String latency() {
            return sourceLagMs < 0 ? "-" : String.format("%,d ms", sourceLagMs);
        }
    }

    /** The DMS source's {@code table-state} once a table's load is over. */
    static final String COMPLETED = "Table completed";

    private final List<Table> tables;
    private final List<Task> tasks;

    TableStatistics(List<Table> tables, List<Task> tasks) {
        this.tables = tables;
        this.tasks = tasks;
    }

    static TableStatistics read(MBeanServerConnection server) throws Exception {
        List<Table> tables = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        Set<ObjectName> names =
                server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
        for (ObjectName name : names) {
            String connector = name.getKeyProperty("connector");
            if (name.getKeyProperty("table") != null) {
                tables.add(
                        new Table(
                                connector,
                                name.getKeyProperty("schema"),
                                name.getKeyProperty("table"),
                                count(server, name, "full-load-rows"),
                                count(server, name, "inserts"),
                                count(server, name, "updates"),
                                count(server, name, "deletes"),
                                count(server, name, "ddls"),
                                String.valueOf(attribute(server, name, "table-state"))));
            } else if (hasAttribute(server, name, "migration-state")) {
                tasks.add(
                        new Task(
                                connector,
                                name.getKeyProperty("task"),
                                String.valueOf(attribute(server, name, "migration-state")),
                                count(server, name, "source-lag-ms")));
            }
        }
        tables = merged(tables);
        tables.sort(
                (a, b) ->
                        (a.connector() + " " + a.qualified())
                                .compareTo(b.connector() + " " + b.qualified()));
        tasks.sort(
                (a, b) ->
                        (a.connector() + " " + a.task()).compareTo(b.connector() + " " + b.task()));
        return new TableStatistics(tables, tasks);
    }

    /**
     * One line per connector and table: the parallel full load reads a table's segments in several
     * tasks, each counting its own rows. The table is completed once every task that reads it is.
     */
    static List<Table> merged(List<Table> perTask) {
        Map<String, Table> merged = new LinkedHashMap<>();
        for (Table t : perTask) {
            merged.merge(
                    t.connector() + "\u0000" + t.schema() + "\u0000" + t.table(),
                    t,
                    (a, b) ->
                            new Table(
                                    a.connector(),
                                    a.schema(),
                                    a.table(),
                                    a.fullLoadRows() + b.fullLoadRows(),
                                    a.inserts() + b.inserts(),
                                    a.updates() + b.updates(),
                                    a.deletes() + b.deletes(),
                                    a.ddls() + b.ddls(),
                                    COMPLETED.equals(a.state()) ? b.state() : a.state()));
        }
        return new ArrayList<>(merged.values());
    }

    List<Table> tables() {
        return tables;
    }

    List<Task> tasks() {
        return tasks;
    }

    private static boolean hasAttribute(
            MBeanServerConnection server, ObjectName name, String attribute) throws Exception {
        for (var info : server.getMBeanInfo(name).getAttributes()) {
            if (info.getName().equals(attribute)) {
                return true;
            }
        }
        return false;
    }

    private static Object attribute(MBeanServerConnection server, ObjectName name, String attr) {
        try {
            return server.getAttribute(name, attr);
        } catch (Exception e) {
            return null; // the task stopped between listing and reading
        }
    }

    private static long count(MBeanServerConnection server, ObjectName name, String attr) {
        return attribute(server, name, attr) instanceof Number n ? n.longValue() : 0;
    }
}
