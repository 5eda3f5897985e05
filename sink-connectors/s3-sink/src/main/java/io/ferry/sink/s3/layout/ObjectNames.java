package io.ferry.sink.s3.layout;

import io.ferry.common.TableId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.apache.kafka.common.TopicPartition;

/**
 * Object keys in DMS's shape: {@code [bucket.folder/]schema/table/[date partition/]name}, with
 * full-load files {@code LOAD00000001…} (a hexadecimal counter) and CDC files named by the first
 * change's commit time, {@code 20220521-145815742…}.
 *
 * <p>Every name then ends in the Kafka records it starts with, {@code -tttttttt-p-oooooooooo}: a
 * tag of the topic (8 hex digits of its SHA-256), the partition and the first record's offset (zero
 * padded to 10 digits, so files of one commit time sort in the order of their changes). Files of
 * one partition never overlap, so the name is unique by construction, also when several topics
 * write one table or one transaction fills many files within a millisecond; and it is
 * deterministic, so a file written again after a crash replaces exactly itself.
 */
public final class ObjectNames {
    private static final DateTimeFormatter CDC = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");

    private final String bucketFolder;
    private final String extension;
    private final ZoneId zone;

    /**
     * @param extension e.g. {@code .csv} or {@code .csv.gz}
     * @param zone the zone CDC names are written in (DMS uses the date partition zone)
     */
    public ObjectNames(String bucketFolder, String extension, ZoneId zone) {
        this.bucketFolder =
                bucketFolder.isEmpty() || bucketFolder.endsWith("/")
                        ? bucketFolder
                        : bucketFolder + "/";
        this.extension = extension;
        this.zone = zone;
    }

    /** The full-load file with counter {@code number} (1 for the first) starting at a record. */
    public String load(TableId table, long number, TopicPartition partition, long firstOffset) {
        return folder(table, "")
                + String.format("LOAD%08X", number)
                + suffix(partition, firstOffset);
    }

    /** The CDC file whose first change, at {@code firstOffset}, committed at {@code commit}. */
    public String cdc(
            TableId table,
            String datePartition,
            Instant commit,
            TopicPartition partition,
            long firstOffset) {
        return folder(table, datePartition)
                + CDC.format(commit.atZone(zone))
                + suffix(partition, firstOffset);
    }

    /** The folder of a table's objects, {@code [bucket.folder/]schema/table/}. */
    public String tableFolder(TableId table) {
        return folder(table, "");
    }

    /**
     * Whether {@code key}, under a table's folder, is one of its data files: directly in it, or in
     * date partition folders (digits, with {@code -} or {@code _} as delimiters) — not in the
     * folder of another table whose name continues this one's with a {@code /}.
     */
    public static boolean isTableFile(String tableFolder, String key) {
        return key.startsWith(tableFolder)
                && key.substring(tableFolder.length()).matches("([0-9_-]+/)*[^/]+");
    }

    /** The 8 hex digits that stand for a topic in names. */
    public static String topicTag(String topic) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(topic.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String folder(TableId table, String datePartition) {
        String prefix = bucketFolder + table.schema() + "/" + table.table() + "/";
        return datePartition.isEmpty() ? prefix : prefix + datePartition + "/";
    }

    private String suffix(TopicPartition partition, long firstOffset) {
        return "-"
                + topicTag(partition.topic())
                + "-"
                + partition.partition()
                + "-"
                + String.format("%010d", firstOffset)
                + extension;
    }
}
