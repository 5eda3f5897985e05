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
 * full-load files {@code LOAD00000001…} (a hexadecimal counter) and CDC files named by a time, the
 * first change's commit time unless the partition's last file's is later, {@code
 * 20220521-145815742…}.
 *
 * <p>Every name then ends in the Kafka records it starts with and the claim that wrote it, {@code
 * -tttttttt-p-oooooooooo-cccccccccc}: a tag of the topic (8 hex digits of its SHA-256), the
 * partition, the first record's offset (zero padded to 10 digits, so files of one commit time sort
 * in the order of their changes) and the partition's claim (raised by each task that takes the
 * partition over, zero padded to 10 digits). Files of one partition never overlap within a claim,
 * so the name is unique by construction, also when several topics write one table or one
 * transaction fills many files within a millisecond. Two owners of one partition (a task evicted
 * while it uploads) never write one object: the new owner's file sorts after the old owner's one of
 * the same records. A file written again by the same claim, after a failed upload, replaces exactly
 * itself.
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
    public String load(
            TableId table, long number, TopicPartition partition, long firstOffset, long claim) {
        return folder(table, "")
                + String.format("LOAD%08X", number)
                + suffix(partition, firstOffset, claim);
    }

    /** The CDC file whose first change, at {@code firstOffset}, committed at {@code commit}. */
    public String cdc(
            TableId table,
            String datePartition,
            Instant commit,
            TopicPartition partition,
            long firstOffset,
            long claim) {
        return folder(table, datePartition)
                + CDC.format(commit.atZone(zone))
                + suffix(partition, firstOffset, claim);
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

    private String suffix(TopicPartition partition, long firstOffset, long claim) {
        return partitionPart(partition)
                + String.format("%010d", firstOffset)
                + "-"
                + String.format("%010d", claim)
                + extension;
    }

    /** {@code -tttttttt-p-}: what the names of one partition's files share. */
    private static String partitionPart(TopicPartition partition) {
        return "-" + topicTag(partition.topic()) + "-" + partition.partition() + "-";
    }

    /**
     * Whether {@code key} is a file of {@code partition} whose first record comes after {@code
     * offset}: a truncate at {@code offset} leaves it, as it holds changes made after the truncate.
     */
    public static boolean startsAfter(String key, TopicPartition partition, long offset) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        String part = partitionPart(partition);
        int at = name.lastIndexOf(part);
        if (at < 0 || name.length() < at + part.length() + 10) {
            return false;
        }
        String digits = name.substring(at + part.length(), at + part.length() + 10);
        return digits.chars().allMatch(Character::isDigit) && Long.parseLong(digits) > offset;
    }
}
