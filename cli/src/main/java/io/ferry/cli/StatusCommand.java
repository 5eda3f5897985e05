package io.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry status}: each connector's state and its tasks' from the REST API and, with {@code
 * --jmx-url}, DMS-style table statistics and CDC latency from the DMS source's plugin metrics
 * (Connect's REST API does not serve metrics).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Connector and task states; with --jmx-url, table statistics (full-load rows,"
                        + " inserts, updates, deletes) and source latency per DMS source.")
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Mixin ConnectRest connect;

    @Option(
            names = "--jmx-url",
            description = "A worker's JMX, e.g. service:jmx:rmi:///jndi/rmi://connect:9999/jmxrmi.")
    String jmxUrl;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(connect.resolve("connectors?expand=status"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            spec.commandLine()
                    .getErr()
                    .println("ferry status: " + response.statusCode() + " " + response.body());
            return 2;
        }
        boolean healthy = true;
        JsonNode connectors = JSON.readTree(response.body());
        for (Map.Entry<String, JsonNode> connector : sorted(connectors).entrySet()) {
            JsonNode status = connector.getValue().path("status");
            String state = status.path("connector").path("state").asText();
            out.printf("%s: %s%n", connector.getKey(), state);
            healthy &= !state.equals("FAILED");
            for (JsonNode task : status.path("tasks")) {
                String taskState = task.path("state").asText();
                healthy &= !taskState.equals("FAILED");
                String trace = task.path("trace").asText("");
                out.printf(
                        "  task %s: %s%s%n",
                        task.path("id").asText(),
                        taskState,
                        trace.isEmpty() ? "" : " — " + trace.lines().findFirst().orElse(""));
            }
        }
        if (jmxUrl != null) {
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(jmxUrl))) {
                tables(out, TableStatistics.read(jmx.getMBeanServerConnection()));
            }
        }
        out.flush();
        return healthy ? 0 : 1;
    }

    /** One line per task (state, lag) and per table, as DMS's table statistics show them. */
    static void tables(PrintWriter out, TableStatistics stats) {
        for (TableStatistics.Task task : stats.tasks()) {
            out.printf(
                    "%-24s task %-3s %s, source latency %s%n",
                    task.connector(), task.task(), task.state(), task.latency());
        }
        out.printf(
                "%-24s %-32s %12s %10s %10s %10s %6s  %s%n",
                "connector",
                "table",
                "full load",
                "inserts",
                "updates",
                "deletes",
                "ddls",
                "state");
        for (TableStatistics.Table table : stats.tables()) {
            out.printf(
                    "%-24s %-32s %12d %10d %10d %10d %6d  %s%n",
                    table.connector(),
                    table.qualified(),
                    table.fullLoadRows(),
                    table.inserts(),
                    table.updates(),
                    table.deletes(),
                    table.ddls(),
                    table.state());
        }
    }

    private static Map<String, JsonNode> sorted(JsonNode connectors) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        connectors.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
