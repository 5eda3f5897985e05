package io.ferry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process schema registry speaking the part of Apicurio Registry's v2 REST API that
 * Apicurio's Kafka Connect converters call: register an artifact version (or return the one with
 * the same content), and fetch content by global id, content id or artifact version. No rules, no
 * compatibility checks, nothing persisted: enough for converters in tests and benchmarks.
 */
public final class LocalSchemaRegistry {
    private static final String BASE = "/apis/registry/v2/";
    private static final Pattern ARTIFACTS = Pattern.compile("groups/([^/]+)/artifacts");
    private static final Pattern ARTIFACT =
            Pattern.compile("groups/([^/]+)/artifacts/([^/]+)(/meta|/versions/([^/]+)(/meta)?)?");
    private static final Pattern IDS =
            Pattern.compile("ids/(globalIds|contentIds)/(\\d+)(/references)?");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, List<Version>> artifacts = new HashMap<>();
    private final List<Version> byGlobalId = new ArrayList<>();
    private final Map<String, Long> contentIds = new HashMap<>();
    private final List<String> contents = new ArrayList<>();

    /** One registered version of an artifact. */
    private record Version(
            String group,
            String artifact,
            int version,
            String type,
            long globalId,
            long contentId) {}

    private LocalSchemaRegistry(HttpServer server) {
        this.server = server;
    }

    static LocalSchemaRegistry start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            LocalSchemaRegistry registry = new LocalSchemaRegistry(server);
            server.createContext("/", registry::handle);
            server.start();
            return registry;
        } catch (IOException e) {
            throw new ServerUnavailableException("schema registry could not bind: " + e, e);
        }
    }

    void stop() {
        server.stop(0);
    }

    /** What {@code apicurio.registry.url} is set to. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v2";
    }

    /** Schemas registered so far, all artifacts and versions. */
    public synchronized int registered() {
        return byGlobalId.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith(BASE)) {
                reply(exchange, 404, error("no such path " + path));
                return;
            }
            String route = path.substring(BASE.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                try {
                    route(exchange, exchange.getRequestMethod(), route, body);
                } catch (RuntimeException e) {
                    reply(exchange, 500, error(500, e.toString()));
                }
            }
        }
    }

    private void route(HttpExchange exchange, String method, String route, byte[] body)
            throws IOException {
        Matcher ids = IDS.matcher(route);
        Matcher artifacts = ARTIFACTS.matcher(route);
        Matcher artifact = ARTIFACT.matcher(route);
        if (method.equals("GET") && ids.matches()) {
            long id = Long.parseLong(ids.group(2));
            boolean global = ids.group(1).equals("globalIds");
            String content =
                    global
                            ? (id >= 1 && id <= byGlobalId.size()
                                    ? contents.get(
                                            (int) byGlobalId.get((int) id - 1).contentId() - 1)
                                    : null)
                            : (id >= 1 && id <= contents.size()
                                    ? contents.get((int) id - 1)
                                    : null);
            if (content == null) {
                reply(exchange, 404, error("no schema with " + ids.group(1) + " " + id));
            } else if (ids.group(3) != null) {
                reply(exchange, 200, "[]");
            } else {
                reply(exchange, 200, content);
            }
        } else if (method.equals("POST") && artifacts.matches()) {
            String type = header(exchange, "X-Registry-ArtifactType", "AVRO");
            String id = header(exchange, "X-Registry-ArtifactId", null);
            reply(exchange, 200, meta(register(artifacts.group(1), id, type, body)));
        } else if (artifact.matches()) {
            Version version = find(artifact, method.equals("POST") ? text(body) : null);
            if (version == null) {
                reply(exchange, 404, error("no such artifact version " + route));
            } else if (artifact.group(3) == null
                    || artifact.group(5) != null
                    || artifact.group(3).equals("/meta")) {
                reply(exchange, 200, artifact.group(3) == null ? content(version) : meta(version));
            } else {
                reply(exchange, 200, content(version));
            }
        } else {
            reply(exchange, 404, error("not served here: " + method + " " + route));
        }
    }

    private Version register(String group, String artifactId, String type, byte[] body) {
        String content = text(body);
        String key = group + "/" + artifactId;
        List<Version> versions = artifacts.computeIfAbsent(key, k -> new ArrayList<>());
        for (Version version : versions) {
            if (content(version).equals(content)) {
                return version;
            }
        }
        long contentId =
                contentIds.computeIfAbsent(
                        content,
                        c -> {
                            contents.add(c);
                            return (long) contents.size();
                        });
        Version version =
                new Version(
                        group,
                        artifactId,
                        versions.size() + 1,
                        type,
                        byGlobalId.size() + 1,
                        contentId);
        versions.add(version);
        byGlobalId.add(version);
        return version;
    }

    /** The version a path names, or (POST .../meta) the one with the given content. */
    private Version find(Matcher artifact, String content) {
        List<Version> versions = artifacts.get(artifact.group(1) + "/" + artifact.group(2));
        if (versions == null || versions.isEmpty()) {
            return null;
        }
        if (content != null) {
            return versions.stream()
                    .filter(v -> content(v).equals(content))
                    .findFirst()
                    .orElse(null);
        }
        String wanted = artifact.group(4);
        if (wanted == null || wanted.equals("latest")) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> Integer.toString(v.version()).equals(wanted))
                .findFirst()
                .orElse(null);
    }

    private String content(Version version) {
        return contents.get((int) version.contentId() - 1);
    }

    private String meta(Version version) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("groupId", version.group());
        meta.put("id", version.artifact());
        meta.put("version", Integer.toString(version.version()));
        meta.put("type", version.type());
        meta.put("globalId", version.globalId());
        meta.put("contentId", version.contentId());
        meta.put("state", "ENABLED");
        meta.put("references", List.of());
        return json.writeValueAsString(meta);
    }

    private String error(String message) throws IOException {
        return error(404, message);
    }

    private String error(int code, String message) throws IOException {
        return json.writeValueAsString(
                Map.of(
                        "error_code",
                        code,
                        "message",
                        message,
                        "name",
                        code == 404 ? "ArtifactNotFoundException" : "RuntimeException"));
    }

    private static String header(HttpExchange exchange, String name, String fallback) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? fallback : value;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
