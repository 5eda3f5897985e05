package io.ferry.sink.jdbc.apply;

import io.ferry.common.ChangeRecord;
import io.ferry.common.Operation;
import io.ferry.common.SourcePosition;
import io.ferry.sink.jdbc.table.AppliedPosition;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Recognises changes the source sent again. Debezium, stopped before its offsets were stored (and
 * without Connect's exactly-once source support), reads part of its log a second time and sends
 * those changes to Kafka again, at new offsets; upserts hide the repeat, but a table without a key
 * would get the rows twice.
 *
 * <p>Within one partition a source's changes come in log order ({@link SourcePosition}). A change
 * before the last one applied, from the same stream and no later in source time, is a repeat:
 * skipped, never written twice. (Earlier in the log but later in time is another log — a rebuilt
 * server, a failover — and is applied.) Several changes can share one position (PostgreSQL's COPY
 * and multi-row inserts write one WAL record): at the last position, the first change applied there
 * coming again means the source is sending again; while it does, as many changes at that position
 * as were applied are repeats, and the ones after them new. A tombstone among repeats repeats too.
 * Rows read by a snapshot are never taken for repeats.
 */
public final class Repeats {
    /**
     * The records to write, where each partition's changes reach in the source after them, and how
     * many were repeats.
     */
    public record Kept(
            List<SinkRecord> records, Map<TopicPartition, AppliedPosition> reached, int skipped) {}

    private Repeats() {}

    /**
     * @param applied per partition, where the changes applied so far reached
     */
    public static Kept filter(
            List<SinkRecord> records, Map<TopicPartition, AppliedPosition> applied) {
        Map<TopicPartition, AppliedPosition> reached = new HashMap<>();
        // The change that opened each partition's last position in this batch: its image is
        // hashed only when needed (another change at that position, or the batch's end), not for
        // every record.
        Map<TopicPartition, ChangeRecord> opened = new HashMap<>();
        List<SinkRecord> kept = new ArrayList<>();
        int skipped = 0;
        for (SinkRecord record : records) {
            TopicPartition partition =
                    new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            AppliedPosition last =
                    reached.containsKey(partition)
                            ? reached.get(partition)
                            : applied.get(partition);
            ChangeRecord opener = opened.get(partition);
            IntSupplier firstImage = () -> opener != null ? image(opener) : last.firstImage();
            Step step = step(record, last, firstImage);
            if (step.opens() != null) {
                opened.put(partition, step.opens());
            }
            if (step.state() != last) {
                reached.put(partition, step.state());
            }
            if (step.repeat()) {
                skipped++;
            } else {
                kept.add(record);
            }
        }
        opened.forEach(
                (partition, opener) -> {
                    AppliedPosition state = reached.get(partition);
                    reached.put(
                            partition,
                            new AppliedPosition(
                                    state.position(),
                                    state.latestMicros(),
                                    state.appliedAt(),
                                    state.resentAt(),
                                    image(opener)));
                });
        return new Kept(kept, reached, skipped);
    }

    /**
     * Whether a record is a repeat, where its partition stands after it, and the change when it
     * opens a new position (whose image the state still lacks).
     */
    private record Step(boolean repeat, AppliedPosition state, ChangeRecord opens) {
        static Step apply(AppliedPosition state) {
            return new Step(false, state, null);
        }

        static Step skip(AppliedPosition state) {
            return new Step(true, state, null);
        }

        static Step open(ChangeRecord change, SourcePosition position, long micros) {
            return new Step(false, new AppliedPosition(position, micros, 1, -1, 0), change);
        }
    }

    private static Step step(SinkRecord record, AppliedPosition last, IntSupplier firstImage) {
        if (record.value() == null) { // a tombstone
            return last != null && last.resending() ? Step.skip(last) : Step.apply(last);
        }
        ChangeRecord change;
        try {
            change = ChangeRecord.of(record);
        } catch (RuntimeException e) {
            return Step.apply(last); // unreadable: the writer rejects it
        }
        Optional<SourcePosition> found = SourcePosition.of(record);
        if (found.isEmpty() || change.operation() == Operation.READ) {
            return Step.apply(last);
        }
        SourcePosition position = found.get();
        long micros = change.commitTime().map(Repeats::micros).orElse(Long.MIN_VALUE);
        if (last == null || !last.position().stream().equals(position.stream())) {
            return Step.open(change, position, micros);
        }
        long latest = Math.max(last.latestMicros(), micros);
        if (position.isAfter(last.position())) {
            return Step.open(change, position, latest);
        }
        if (last.position().isAfter(position)) {
            if (micros > last.latestMicros()) { // earlier in the log, later in time: another log
                return Step.open(change, position, latest);
            }
            return Step.skip(resending(last, 0));
        }
        // At the last position: another change of one log record — unless the source is sending
        // again (the first change applied here comes again, or earlier ones came before it) and
        // has not yet sent as many as were applied here.
        boolean midResend = last.resending() && last.resentAt() < last.appliedAt();
        int resent = midResend ? last.resentAt() : image(change) == firstImage.getAsInt() ? 0 : -1;
        if (resent >= 0 && resent < last.appliedAt()) {
            return Step.skip(resending(last, resent + 1));
        }
        return Step.apply(
                new AppliedPosition(position, latest, last.appliedAt() + 1, -1, last.firstImage()));
    }

    /**
     * A hash of the change's operation and images that is the same in every JVM (so it can be
     * stored): built from values' text, never from identity hashes (enums, arrays).
     */
    private static int image(ChangeRecord change) {
        StringBuilder text = new StringBuilder(change.operation().code());
        if (change.operation() == Operation.TRUNCATE) {
            // No images: one TRUNCATE of several tables is several events at one position.
            text.append('|').append(change.source().map(Object::toString).orElse(""));
        }
        appendValue(text, change.before());
        appendValue(text, change.after());
        return text.toString().hashCode();
    }

    private static void appendValue(StringBuilder text, Object value) {
        text.append('|');
        if (value instanceof Struct struct) {
            text.append('{');
            for (Field field : struct.schema().fields()) {
                text.append(field.name()).append('=');
                appendValue(text, struct.get(field));
            }
            text.append('}');
        } else if (value instanceof byte[] bytes) {
            text.append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            text.append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof Iterable<?> items) {
            text.append('[');
            items.forEach(item -> appendValue(text, item));
            text.append(']');
        } else if (value instanceof Map<?, ?> map) {
            text.append('{');
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach(
                    (k, v) -> {
                        text.append(k).append('=');
                        appendValue(text, v);
                    });
            text.append('}');
        } else {
            text.append(value);
        }
    }

    private static AppliedPosition resending(AppliedPosition last, int resentAt) {
        return new AppliedPosition(
                last.position(),
                last.latestMicros(),
                last.appliedAt(),
                resentAt,
                last.firstImage());
    }

    private static long micros(Instant time) {
        return Math.addExact(
                Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }
}
