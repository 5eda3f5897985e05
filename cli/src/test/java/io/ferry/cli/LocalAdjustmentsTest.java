package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's connector config made to run on the local one-broker stack, each change said. */
class LocalAdjustmentsTest {
    @Test
    void pointsSchemaHistoryAtTheLocalKafkaAndGivesTheDeadLetterTopicOneReplica() {
        ConnectorConfig example =
                new ConnectorConfig(
                        "webdb",
                        Map.of(
                                "schema.history.internal.kafka.bootstrap.servers", "kafka:9092",
                                "errors.deadletterqueue.topic.name", "webdb-dlq",
                                "database.hostname", "mariadb"));
        LocalAdjustments.Adjusted adjusted = LocalAdjustments.apply(example, "127.0.0.1:40001");
        Map<String, String> config = adjusted.connector().config();
        assertEquals(
                "127.0.0.1:40001", config.get("schema.history.internal.kafka.bootstrap.servers"));
        assertEquals("1", config.get("errors.deadletterqueue.topic.replication.factor"));
        assertEquals("mariadb", config.get("database.hostname"));
        assertEquals(2, adjusted.notes().size(), adjusted.notes().toString());
    }

    @Test
    void leavesAConfigWithoutThoseKeysAlone() {
        ConnectorConfig sink =
                new ConnectorConfig(
                        "s3", Map.of("topics.regex", "sales\\..*", "bucket.name", "lake"));
        LocalAdjustments.Adjusted adjusted = LocalAdjustments.apply(sink, "127.0.0.1:40001");
        assertEquals(sink.config(), adjusted.connector().config());
        assertEquals(List.of(), adjusted.notes());
    }
}
