package io.ferry.common;

import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a change sits in its source database's log, read from Debezium's {@code source} block, so
 * changes can be ordered however they reached Kafka (several partitions, several topics, a
 * recreated topic).
 *
 * <p>{@code order} is text whose byte order is the log's commit order within one {@code stream}:
 * fixed-width hexadecimal fields after a phase digit, snapshot rows ({@code 0}) before streamed
 * changes ({@code 1}); a streamed change ends with {@code 0} for a delete and {@code 1} otherwise,
 * because a key-changing update is sent as a delete and a create at one log position. Positions of
 * different streams are not comparable. Streams:
 *
 * <ul>
 *   <li>PostgreSQL: {@code postgresql:<name>}; order = (commit LSN of the transaction before,
 *       change LSN), Debezium's {@code sequence}, which grows in the order pgoutput streams.
 *   <li>MySQL and MariaDB: {@code <connector>:<name>:<server_id>} — another server after a failover
 *       has other binlog positions; order = (binlog file number, event position, row in the event).
 * </ul>
 *
 * Other engines, and records without a {@code source} block (tombstones, flattened rows), have no
 * source position; a sink falls back to {@link #ofKafka}, which orders one partition only.
 */
public record SourcePosition(String stream, String order) {
    private static final char SNAPSHOT = '0';
    private static final char STREAMING = '1';

    /** The record's source position, when its envelope carries one Ferry can read. */
    public static Optional<SourcePosition> of(ConnectRecord<?> record) {
        Object value = record.value();
        if (!DebeziumEnvelope.isEnvelope(value)) {
            return Optional.empty();
        }
        Object source = DebeziumEnvelope.field(value, DebeziumEnvelope.SOURCE);
        Object connector = DebeziumEnvelope.field(source, "connector");
        Object name = DebeziumEnvelope.field(source, "name");
        if (connector == null || name == null) {
            return Optional.empty();
        }
        char phase = snapshot(source) ? SNAPSHOT : STREAMING;
        Optional<SourcePosition> position;
        try {
            position =
                    switch (connector.toString().toLowerCase(Locale.ROOT)) {
                        case "postgresql" -> postgres(source, name, phase);
                        case "mysql", "mariadb" -> binlog(source, connector, name, phase);
                        default -> Optional.empty();
                    };
        } catch (RuntimeException e) {
            return Optional.empty(); // not a shape Ferry reads (an odd op, a field of another type)
        }
        if (phase == SNAPSHOT) {
            return position;
        }
        char kind;
        try {
            kind = DebeziumEnvelope.operation(value) == Operation.DELETE ? '0' : '1';
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return position.map(p -> new SourcePosition(p.stream, p.order + kind));
    }

    /** The stream of every {@link #ofKafka} position starts so. */
    public static final String KAFKA = "kafka:";

    /**
     * Kafka's own order: one partition of one topic, by offset — the topic and partition it was
     * read from, before any transform renamed them.
     */
    public static SourcePosition ofKafka(SinkRecord record) {
        return new SourcePosition(
                KAFKA + record.originalTopic() + ":" + record.originalKafkaPartition(),
                STREAMING + hex(record.originalKafkaOffset(), 16) + "1");
    }

    /**
     * DMS's {@code $AR_H_STREAM_POSITION}: the change's place in its source log as text that sorts
     * in log order, read from Debezium's {@code source} block, per engine —
     *
     * <ul>
     *   <li>PostgreSQL: the commit LSN of the transaction before, then the change's LSN (commit
     *       order, as {@link #of} orders), each written as PostgreSQL writes an LSN, halves padded
     *       ({@code 00000016/B3000000:00000016/B374D848}); snapshot rows start with zeros;
     *   <li>MySQL and MariaDB: the binlog file, then the event's position and the row in the event,
     *       each padded to 20 digits;
     *   <li>SQL Server: the commit LSN, then the change LSN ({@code
     *       0000002b:00000f20:0001:0000002b:00000f18:0002}; fixed-width already);
     *   <li>Oracle: the commit SCN, then the SCN, each padded to 20 digits.
     * </ul>
     *
     * Empty for a block that has none (a flattened row, another engine).
     */
    public static Optional<String> streamText(Object source) {
        Object connector = DebeziumEnvelope.field(source, "connector");
        if (connector == null) {
            return Optional.empty();
        }
        return switch (connector.toString().toLowerCase(Locale.ROOT)) {
            case "postgresql" ->
                    field(source, "lsn")
                            .map(Long::parseLong)
                            .map(lsn -> lsn(lastCommit(source)) + ":" + lsn(lsn));
            case "mysql", "mariadb" -> {
                Optional<String> file = field(source, "file");
                Optional<String> pos = field(source, "pos");
                String row = padded(field(source, "row").orElse("0"));
                yield file.isEmpty() || pos.isEmpty()
                        ? Optional.empty()
                        : Optional.of(file.get() + ":" + padded(pos.get()) + ":" + row);
            }
            case "sqlserver" -> {
                Optional<String> change = field(source, "change_lsn");
                Optional<String> commit = field(source, "commit_lsn");
                String none = "00000000:00000000:0000";
                yield change.isEmpty() && commit.isEmpty()
                        ? Optional.empty()
                        : Optional.of(commit.orElse(none) + ":" + change.orElse(none));
            }
            case "oracle" -> {
                Optional<String> scn = field(source, "scn");
                yield scn.map(s -> padded(field(source, "commit_scn").orElse(s)) + ":" + padded(s));
            }
            default -> Optional.empty();
        };
    }

    private static String lsn(long lsn) {
        return String.format("%08X/%08X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }

    /**
     * The commit LSN of the transaction before the change's, from Debezium's {@code sequence}
     * ({@code ["<last commit lsn or null>","<lsn>"]}); 0 for snapshot rows, which come first.
     */
    private static long lastCommit(Object source) {
        Object sequence = DebeziumEnvelope.field(source, "sequence");
        if (snapshot(source) || sequence == null) {
            return 0;
        }
        String digits = sequence.toString().replaceAll("^\\[\\s*|\\s*,.*$", "").replace("\"", "");
        return digits.equals("null") || digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static Optional<String> field(Object source, String name) {
        Object value = DebeziumEnvelope.field(source, name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    private static String padded(String digits) {
        return digits.length() >= 20 ? digits : "0".repeat(20 - digits.length()) + digits;
    }

    /** Whether this change comes after {@code other}; false for another stream. */
    public boolean isAfter(SourcePosition other) {
        return stream.equals(other.stream) && order.compareTo(other.order) > 0;
    }

    private static Optional<SourcePosition> postgres(Object source, Object name, char phase) {
        Object lsn = DebeziumEnvelope.field(source, "lsn");
        if (!(lsn instanceof Number change)) {
            return Optional.empty();
        }
        long lastCommit = 0;
        Object sequence = DebeziumEnvelope.field(source, "sequence");
        if (phase == STREAMING && sequence != null) {
            // ["<last commit lsn or null>","<lsn>"]
            String first = sequence.toString().replaceAll("^\\[\\s*|\\s*,.*$", "");
            String digits = first.replace("\"", "");
            lastCommit = digits.equals("null") || digits.isEmpty() ? 0 : Long.parseLong(digits);
        }
        return Optional.of(
                new SourcePosition(
                        "postgresql:" + name,
                        phase + hex(lastCommit, 16) + hex(change.longValue(), 16)));
    }

    private static Optional<SourcePosition> binlog(
            Object source, Object connector, Object name, char phase) {
        Object file = DebeziumEnvelope.field(source, "file");
        Object pos = DebeziumEnvelope.field(source, "pos");
        Object row = DebeziumEnvelope.field(source, "row");
        Object server = DebeziumEnvelope.field(source, "server_id");
        if (file == null || !(pos instanceof Number position)) {
            return Optional.empty();
        }
        String fileName = file.toString();
        long fileNumber = Long.parseLong(fileName.substring(fileName.lastIndexOf('.') + 1));
        long rowNumber = row instanceof Number n ? n.longValue() : 0;
        return Optional.of(
                new SourcePosition(
                        connector + ":" + name + ":" + server,
                        phase
                                + hex(fileNumber, 8)
                                + hex(position.longValue(), 16)
                                + hex(rowNumber, 8)));
    }

    /**
     * Debezium marks snapshot rows {@code true}, {@code first}, {@code last} and so on; streamed
     * changes {@code false}, and incremental snapshot chunks, read at a streaming position, {@code
     * incremental}.
     */
    private static boolean snapshot(Object source) {
        Object flag = DebeziumEnvelope.field(source, "snapshot");
        if (flag == null) {
            return false;
        }
        String text = flag.toString().toLowerCase(Locale.ROOT);
        return !text.equals("false") && !text.equals("incremental");
    }

    private static String hex(long value, int width) {
        String digits = Long.toHexString(value);
        if (value < 0 || digits.length() > width) {
            throw new NumberFormatException("position field out of range: " + value);
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
