package io.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Watches the connectors a local run deployed: table statistics from the worker's metrics, row
 * estimates from each source database, sink lag from Kafka, failures from the REST API; draws the
 * progress view on each look.
 */
final class MigrationMonitor implements AutoCloseable {
    private final StackProcess stack;
    private final ConnectClient connect;
    private final Map<String, RowEstimates> estimates = new HashMap<>();
    private final Map<String, Predicate<String>> sinks = new LinkedHashMap<>();
    private final SinkLag lag;
    private final ProgressView view;

    MigrationMonitor(StackProcess stack, List<ConnectorConfig> connectors, ProgressView view) {
        this.stack = stack;
        this.connect = new ConnectClient(stack.restUrl());
        this.view = view;
        this.lag = new SinkLag(stack.bootstrapServers());
        for (ConnectorConfig connector : connectors) {
            Map<String, String> config = connector.config();
            if (config.containsKey("topics") || config.containsKey("topics.regex")) {
                sinks.put(connector.name(), SinkLag.subscription(config));
            } else {
                RowEstimates.forSource(config).ifPresent(e -> estimates.put(connector.name(), e));
            }
        }
    }

    /** Reads everything once and redraws the view. */
    ProgressView.Snapshot look() throws Exception {
        TableStatistics stats = TableStatistics.read(stack.metrics());
        Map<String, Long> totals = new LinkedHashMap<>();
        for (TableStatistics.Table table : stats.tables()) {
            RowEstimates source = estimates.get(table.connector());
            if (source != null) {
                totals.put(table.qualified(), source.estimate(table.schema(), table.table()));
            }
        }
        ProgressView.Snapshot snapshot =
                new ProgressView.Snapshot(stats, totals, lag.behind(sinks));
        view.show(snapshot);
        return snapshot;
    }

    /** Every failed connector or task, with the first line of its trace. */
    List<String> failures() throws Exception {
        List<String> failed = new ArrayList<>();
        JsonNode statuses = connect.statuses();
        statuses.fields()
                .forEachRemaining(
                        entry -> {
                            JsonNode status = entry.getValue().path("status");
                            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                                failed.add(
                                        entry.getKey()
                                                + ": "
                                                + firstLine(status.path("connector")));
                            }
                            for (JsonNode task : status.path("tasks")) {
                                if ("FAILED".equals(task.path("state").asText())) {
                                    failed.add(
                                            entry.getKey()
                                                    + " task "
                                                    + task.path("id").asText()
                                                    + ": "
                                                    + firstLine(task));
                                }
                            }
                        });
        return failed;
    }

    /**
     * Full load done everywhere (every source task past {@code LOADING}), every capturing source
     * task has read its log since it started (a change or a heartbeat: a resumed run must first
     * read what changed while it was stopped), and every sink has consumed everything written so
     * far.
     */
    static boolean caughtUp(ProgressView.Snapshot snapshot) {
        return !snapshot.stats().tasks().isEmpty()
                && snapshot.stats().tasks().stream().noneMatch(t -> t.state().equals("LOADING"))
                && snapshot.stats().tasks().stream()
                        .noneMatch(t -> t.state().equals("CAPTURING") && t.sourceLagMs() < 0)
                && snapshot.sinkLag().values().stream().allMatch(l -> l == 0);
    }

    private static String firstLine(JsonNode status) {
        return status.path("trace").asText("").lines().findFirst().orElse("FAILED");
    }

    @Override
    public void close() throws Exception {
        lag.close();
        for (RowEstimates e : estimates.values()) {
            e.close();
        }
    }
}
