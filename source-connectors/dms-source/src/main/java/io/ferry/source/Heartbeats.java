package io.ferry.source;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's heartbeat records. Debezium sends one every {@code heartbeat.interval.ms} while it
 * reads the source's log, changes or not: its time says the source was read up to then, which moves
 * the source latency and the stop point while the tables are idle.
 */
final class Heartbeats {
    private Heartbeats() {}

    /** The heartbeat's time; empty for any other record. */
    static Optional<Instant> time(SourceRecord record) {
        if (record.value() instanceof Struct value
                && value.schema().name() != null
                && value.schema().name().endsWith("Heartbeat")
                && value.schema().field("ts_ms") != null
                && value.get("ts_ms") instanceof Long millis) {
            return Optional.of(Instant.ofEpochMilli(millis));
        }
        return Optional.empty();
    }
}
