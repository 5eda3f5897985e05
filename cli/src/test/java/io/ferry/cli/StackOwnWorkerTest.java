package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a run deploys only to the worker it started. The port check alone does not prove it (a
 * port freed and taken again between the check and the worker's start): the worker answering must
 * also be of the Kafka cluster formatted in the run's data directory.
 */
class StackOwnWorkerTest {
    private HttpServer worker;
    private ConnectClient client;

    @BeforeEach
    void start() throws IOException {
        // Another Connect worker, as its REST API answers GET /.
        worker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        worker.createContext(
                "/",
                exchange -> {
                    byte[] body =
                            "{\"version\":\"4.1.1\",\"commit\":\"x\",\"kafka_cluster_id\":\"theirs\"}"
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        worker.start();
        client =
                new ConnectClient(
                        URI.create("http://127.0.0.1:" + worker.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        worker.stop(0);
    }

    @Test
    void aWorkerOfAnotherKafkaClusterIsRefused() {
        IOException refused =
                assertThrows(
                        IOException.class, () -> StackProcess.checkOwnWorker(client, "ours", 8083));
        assertTrue(refused.getMessage().contains("Kafka cluster theirs"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--connect-port"), refused.getMessage());
    }

    @Test
    void theWorkerOfOurClusterIsTaken() {
        assertDoesNotThrow(() -> StackProcess.checkOwnWorker(client, "theirs", 8083));
    }

    @Test
    void aWorkerThatDoesNotAnswerIsRefused() {
        worker.stop(0);
        assertThrows(IOException.class, () -> StackProcess.checkOwnWorker(client, "ours", 8083));
    }
}
