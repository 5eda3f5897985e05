package io.ferry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Real Debezium change events captured from the local PostgreSQL and MariaDB (see {@code
 * envelopes/README.md} beside them), as Connect records: r, r, c, u, d, tombstone.
 */
public final class CapturedEvents {
    public static final String TOPIC = "cap.sales.Customer_Master";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CapturedEvents() {}

    /** {@code postgres} or {@code mariadb}: r, r, c, u, d, tombstone. */
    public static List<SourceRecord> load(String database, boolean schemas) {
        JsonConverter keys = converter(schemas, true);
        JsonConverter values = converter(schemas, false);
        List<SourceRecord> records = new ArrayList<>();
        for (String line : lines(database)) {
            String[] parts = line.split("\t", 2);
            SchemaAndValue key = keys.toConnectData(TOPIC, bytes(parts[0], schemas));
            SchemaAndValue value = values.toConnectData(TOPIC, bytes(parts[1], schemas));
            records.add(
                    new SourceRecord(
                            Map.of(),
                            Map.of(),
                            TOPIC,
                            0,
                            key.schema(),
                            key.value(),
                            value.schema(),
                            value.value()));
        }
        return records;
    }

    private static JsonConverter converter(boolean schemas, boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", Boolean.toString(schemas)), isKey);
        return converter;
    }

    // Without schemas, the payload alone is what a schemaless producer would have sent.
    private static byte[] bytes(String json, boolean schemas) {
        if ("null".equals(json)) {
            return null;
        }
        try {
            String body =
                    schemas ? json : JSON.writeValueAsString(JSON.readTree(json).get("payload"));
            return body.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String database) {
        try (InputStream in =
                CapturedEvents.class.getResourceAsStream("envelopes/" + database + ".jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The DMS source's table announcement for a captured event's table: op {@code p}, no row, the
     * event's source block, its key schema made optional and a null key.
     */
    public static SourceRecord announcement(SourceRecord event) {
        org.apache.kafka.connect.data.Struct captured =
                (org.apache.kafka.connect.data.Struct) event.value();
        org.apache.kafka.connect.data.Schema key = null;
        if (event.keySchema() != null) {
            org.apache.kafka.connect.data.SchemaBuilder builder =
                    org.apache.kafka.connect.data.SchemaBuilder.struct()
                            .name(event.keySchema().name())
                            .optional();
            event.keySchema().fields().forEach(f -> builder.field(f.name(), f.schema()));
            key = builder.build();
        }
        return event.newRecord(
                event.topic(),
                event.kafkaPartition(),
                key,
                null,
                event.valueSchema(),
                new org.apache.kafka.connect.data.Struct(captured.schema())
                        .put("source", captured.get("source"))
                        .put("op", "p")
                        .put("ts_ms", captured.get("ts_ms")),
                event.timestamp());
    }
}
