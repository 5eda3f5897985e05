package io.ferry.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry deploy}: each config through the worker's {@code config/validate} first — errors
 * shown per key, nothing deployed for that file — then created or updated with {@code PUT
 * /connectors/NAME/config}. The name is the file's {@code name} key, else its file name.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Validate connector configs and create or update them on a Connect cluster.")
final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Mixin ConnectRest connect;

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "Connector config JSON files.")
    List<Path> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HttpClient http = HttpClient.newHttpClient();
        boolean ok = true;
        for (Path file : configs) {
            Map<String, String> config =
                    new LinkedHashMap<>(
                            JSON.readValue(
                                    file.toFile(), new TypeReference<Map<String, String>>() {}));
            String name = config.remove("name");
            if (name == null) {
                name = file.getFileName().toString().replaceFirst("\\.json$", "");
            }
            List<String> errors = validate(http, name, config);
            if (!errors.isEmpty()) {
                ok = false;
                out.println(name + ": not deployed, " + errors.size() + " invalid setting(s):");
                errors.forEach(e -> out.println("  " + e));
                continue;
            }
            HttpResponse<String> response =
                    send(
                            http,
                            "PUT",
                            "connectors/" + encode(name) + "/config",
                            JSON.writeValueAsString(config));
            if (response.statusCode() / 100 != 2) {
                ok = false;
                out.println(name + ": refused (" + response.statusCode() + "): " + response.body());
            } else {
                out.println(name + ": " + (response.statusCode() == 201 ? "created" : "updated"));
            }
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** {@code key: message} for every error the worker's validation reports. */
    private List<String> validate(HttpClient http, String name, Map<String, String> config)
            throws Exception {
        String connectorClass = config.get("connector.class");
        if (connectorClass == null) {
            return List.of("connector.class: missing");
        }
        Map<String, String> body = new LinkedHashMap<>(config);
        body.put("name", name);
        HttpResponse<String> response =
                send(
                        http,
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

    private HttpResponse<String> send(HttpClient http, String method, String path, String body)
            throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(connect.resolve(path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
