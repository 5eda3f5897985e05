package io.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of a Connect worker's REST API the commands use. */
final class ConnectClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a deploy did: created, updated, or the errors that stopped it. */
    record Deployment(String name, boolean created, List<String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    ConnectClient(URI url) {
        this.base = url.toString().endsWith("/") ? url : URI.create(url + "/");
    }

    /** Validates the config with the worker first; only a valid one is created or updated. */
    Deployment deploy(String name, Map<String, String> config) throws IOException {
        List<String> errors = validate(name, config);
        if (!errors.isEmpty()) {
            return new Deployment(name, false, errors);
        }
        HttpResponse<String> response =
                send(
                        "PUT",
                        "connectors/" + encode(name) + "/config",
                        JSON.writeValueAsString(config));
        if (response.statusCode() / 100 != 2) {
            return new Deployment(
                    name,
                    false,
                    List.of("refused (" + response.statusCode() + "): " + response.body()));
        }
        return new Deployment(name, response.statusCode() == 201, List.of());
    }

    /** {@code key: message} for every error the worker's validation reports. */
    List<String> validate(String name, Map<String, String> config) throws IOException {
        String connectorClass = config.get("connector.class");
        if (connectorClass == null) {
            return List.of("connector.class: missing");
        }
        Map<String, String> body = new LinkedHashMap<>(config);
        body.put("name", name);
        HttpResponse<String> response =
                send(
                        "PUT",
                        "connector-plugins/" + encode(connectorClass) + "/config/validate",
                        JSON.writeValueAsString(body));
        if (response.statusCode() / 100 != 2) {
            return List.of("connector.class: " + response.body());
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("configs")) {
            JsonNode value = entry.path("value");
            for (JsonNode error : value.path("errors")) {
                errors.add(value.path("name").asText() + ": " + error.asText());
            }
        }
        return errors;
    }

    /** {@code GET /connectors?expand=status}: connector name to its status document. */
    JsonNode statuses() throws IOException {
        HttpResponse<String> response = send("GET", "connectors?expand=status", null);
        if (response.statusCode() != 200) {
            throw new IOException(
                    "Connect answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The Kafka cluster of the worker answering, empty while nothing answers. */
    Optional<String> kafkaClusterId() {
        try {
            HttpResponse<String> response = send("GET", "", null);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String id = JSON.readTree(response.body()).path("kafka_cluster_id").asText("");
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to " + base, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
