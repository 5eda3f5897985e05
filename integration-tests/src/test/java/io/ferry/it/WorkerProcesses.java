package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.ConnectClusters;
import io.ferry.testing.Converters;
import io.ferry.testing.WorkerJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.test.TestUtils;

/**
 * A distributed Connect cluster whose workers are JVMs of their own ({@code ConnectDistributed},
 * Kafka's default heap, Ferry's plugins from their archives), on an in-process Kafka broker — so a
 * worker can be stopped as an operator does (SIGTERM) or killed as a crash does (SIGKILL: no task
 * stops, no offset is flushed, no connection is closed by the worker). Connectors are driven
 * through the REST API of whichever worker is alive.
 */
final class WorkerProcesses implements ConnectorHost, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    /** One worker process and its REST port. */
    record Worker(int port, Process process, Path log) {
        /** Connect's name for the worker in status replies. */
        String id() {
            return "127.0.0.1:" + port;
        }
    }

    private final EmbeddedKafkaCluster kafka;
    private final Path dir;
    private final Map<String, String> common;
    private final List<Worker> workers = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int started;

    private WorkerProcesses(EmbeddedKafkaCluster kafka, Path dir, Map<String, String> common) {
        this.kafka = kafka;
        this.dir = dir;
        this.common = common;
    }

    /** A broker and {@code count} workers, each serving before this returns. */
    static WorkerProcesses start(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "true");
        // Sources with exactly-once support write in transactions: one broker holds their log.
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        Map<String, String> common = new HashMap<>(Converters.JSON.workerProps());
        common.put("bootstrap.servers", kafka.bootstrapServers());
        common.put("group.id", "fault-suite");
        common.put("config.storage.topic", "fault-suite-configs");
        common.put("offset.storage.topic", "fault-suite-offsets");
        common.put("status.storage.topic", "fault-suite-status");
        common.put("config.storage.replication.factor", "1");
        common.put("offset.storage.replication.factor", "1");
        common.put("status.storage.replication.factor", "1");
        common.put("plugin.path", ConnectClusters.pluginPath().toString());
        common.put("plugin.discovery", "service_load");
        common.put("offset.flush.interval.ms", "1000");
        // A lost worker's connectors and tasks move after 10 s, not Connect's default 5 minutes;
        // its sink consumers leave their groups after 10 s, not the consumer's default 45.
        common.put("scheduled.rebalance.max.delay.ms", "10000");
        common.put("consumer.session.timeout.ms", "10000");
        common.put("consumer.heartbeat.interval.ms", "2000");
        // As ferry run: sinks never see a transaction a source aborted.
        common.put("consumer.isolation.level", "read_committed");
        // KIP-618's first step to exactly-once sources: sources still write without transactions.
        common.put("exactly.once.source.support", "preparing");
        WorkerProcesses cluster = new WorkerProcesses(kafka, dir, common);
        for (int i = 0; i < count; i++) {
            cluster.add();
        }
        return cluster;
    }

    @Override
    public EmbeddedKafkaCluster kafka() {
        return kafka;
    }

    /** Sets a worker setting for the workers started from now on (a rolling change). */
    void set(String key, String value) {
        common.put(key, value);
    }

    /** The workers alive, oldest first. */
    List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Starts one more worker and waits until it serves. */
    Worker add() throws IOException {
        int n = ++started;
        Properties props = new Properties();
        props.putAll(common);
        WorkerJvm jvm = WorkerJvm.start(dir, "worker-" + n, props, List.of());
        Worker worker = new Worker(jvm.port(), jvm.process(), jvm.log());
        workers.add(worker);
        try {
            TestUtils.waitForCondition(
                    () -> {
                        if (!jvm.process().isAlive()) {
                            throw new AssertionError("worker " + n + " exited; see " + jvm.log());
                        }
                        return jvm.status("/connectors") == 200;
                    },
                    DEADLINE.toMillis(),
                    "worker " + n + " did not serve; see " + jvm.log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return worker;
    }

    /** SIGKILL: the worker vanishes mid-work, as in a crash or an OOM kill. */
    void kill(Worker worker) throws InterruptedException {
        worker.process().destroyForcibly();
        worker.process().waitFor(60, TimeUnit.SECONDS);
        workers.remove(worker);
    }

    /** SIGTERM: Connect's shutdown hook stops the worker's tasks and leaves the group. */
    void stop(Worker worker) throws InterruptedException {
        worker.process().destroy();
        if (!worker.process().waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("worker " + worker.id() + " did not stop in 120 s");
        }
        workers.remove(worker);
    }

    /** The worker running a connector's task, or its connector when {@code task} is -1. */
    Worker running(String connector, int task) throws InterruptedException {
        // The status topic can still name a worker that left (a stopped one writes its tasks'
        // UNASSIGNED late): wait until it names a live worker running the task.
        Worker[] running = new Worker[1];
        TestUtils.waitForCondition(
                () -> {
                    JsonNode status = status(connector);
                    JsonNode unit = task < 0 ? status.get("connector") : taskStatus(status, task);
                    if (unit == null || !unit.path("state").asText().equals("RUNNING")) {
                        return false;
                    }
                    String id = unit.get("worker_id").asText();
                    running[0] =
                            workers.stream()
                                    .filter(w -> w.id().equals(id))
                                    .findFirst()
                                    .orElse(null);
                    return running[0] != null;
                },
                DEADLINE.toMillis(),
                () ->
                        connector
                                + " task "
                                + task
                                + " runs on no known worker: "
                                + status(connector));
        return running[0];
    }

    private static JsonNode taskStatus(JsonNode status, int task) {
        for (JsonNode t : status.get("tasks")) {
            if (t.get("id").asInt() == task) {
                return t;
            }
        }
        return null;
    }

    /** The connector's status as the REST API gives it. */
    JsonNode status(String connector) {
        HttpResponse<String> response = call("GET", "/connectors/" + connector + "/status", null);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the connector and its {@code tasks} tasks run; fails at once naming the trace of
     * a failed one.
     */
    void awaitRunning(String connector, int tasks) throws InterruptedException {
        TestUtils.waitForCondition(
                () -> {
                    JsonNode status = status(connector);
                    if (!status.has("connector")) {
                        return false;
                    }
                    int running = 0;
                    for (JsonNode task : status.get("tasks")) {
                        String state = task.get("state").asText();
                        if (state.equals("FAILED") && fencingForwardFailed(task)) {
                            restartTask(connector, task.get("id").asInt());
                            return false;
                        }
                        if (state.equals("FAILED")) {
                            throw new AssertionError(
                                    connector + " task failed: " + task.path("trace").asText());
                        }
                        running += state.equals("RUNNING") ? 1 : 0;
                    }
                    return status.get("connector").get("state").asText().equals("RUNNING")
                            && running == tasks;
                },
                DEADLINE.toMillis(),
                () -> connector + " is not running: " + status(connector));
    }

    /**
     * Whether a task failed because its worker could not forward the fencing of its zombies to the
     * group's leader (Connect, with exactly-once source support, when the leader was just killed):
     * Connect's own race, which an operator answers by restarting the task, not a Ferry fault.
     */
    static boolean fencingForwardFailed(JsonNode task) {
        return task.path("trace").asText("").contains("IO Error trying to forward REST request");
    }

    /** Restarts the connector's tasks that failed on Connect's fencing race; the others stay. */
    void restartFencingFailures(String connector) {
        for (JsonNode task : status(connector).path("tasks")) {
            if (task.path("state").asText().equals("FAILED") && fencingForwardFailed(task)) {
                restartTask(connector, task.get("id").asInt());
            }
        }
    }

    /** The states of a connector's tasks, failed ones with their first trace line. */
    List<String> taskStates(String connector) {
        List<String> states = new ArrayList<>();
        for (JsonNode task : status(connector).path("tasks")) {
            String trace = task.path("trace").asText("");
            states.add(
                    task.get("state").asText()
                            + (trace.isEmpty()
                                    ? ""
                                    : " (" + trace.lines().findFirst().get() + ")"));
        }
        return states;
    }

    @Override
    public void configure(String name, Map<String, String> config) {
        try {
            call("PUT", "/connectors/" + name + "/config", JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String name) {
        call("DELETE", "/connectors/" + name, null);
    }

    void restartTask(String connector, int task) {
        call("POST", "/connectors/" + connector + "/tasks/" + task + "/restart", "");
    }

    void pause(String connector) {
        call("PUT", "/connectors/" + connector + "/pause", "");
    }

    void resume(String connector) {
        call("PUT", "/connectors/" + connector + "/resume", "");
    }

    /**
     * A REST call to the first worker that answers, retried while the cluster rebalances (409) or a
     * worker is gone; fails on any other error status.
     */
    private HttpResponse<String> call(String method, String path, String body) {
        Instant deadline = Instant.now().plus(DEADLINE);
        String last = "no worker";
        while (Instant.now().isBefore(deadline)) {
            for (Worker worker : List.copyOf(workers)) {
                if (!worker.process().isAlive()) {
                    continue;
                }
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create("http://" + worker.id() + path))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json");
                request.method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                try {
                    HttpResponse<String> response =
                            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status < 300 || (status == 404 && method.equals("GET"))) {
                        return response;
                    }
                    last = method + " " + path + ": " + status + " " + response.body();
                    if (status != 409 && status != 500 && status != 503) {
                        throw new AssertionError(last);
                    }
                } catch (IOException e) {
                    last = worker.id() + ": " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            try {
                Thread.sleep(500); // a rebalance in progress: ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the REST call did not succeed in " + DEADLINE + ": " + last);
    }

    @Override
    public void close() throws InterruptedException {
        for (Worker worker : List.copyOf(workers)) {
            worker.process().destroy();
        }
        for (Worker worker : List.copyOf(workers)) {
            if (!worker.process().waitFor(60, TimeUnit.SECONDS)) {
                worker.process().destroyForcibly();
            }
        }
        workers.clear();
        kafka.stop();
    }
}
