package io.ferry.sink.s3.layout;

import io.ferry.common.TableId;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Object keys as DMS writes them: {@code [bucket.folder/]schema/table/[date partition/]name}, with
 * full-load files {@code LOAD00000001.csv} (a hexadecimal counter) and CDC files named by the first
 * change's commit time, {@code 20220521-145815742.csv}. Records of Kafka partition {@code p > 0}
 * add {@code -p} before the extension, so partitions of one table never overwrite each other.
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

    /** The full-load file with counter {@code number} (1 for the first). */
    public String load(TableId table, long number, int kafkaPartition) {
        return folder(table, "") + String.format("LOAD%08X", number) + suffix(kafkaPartition);
    }

    /**
     * The CDC file whose first change committed at {@code commit}; {@code sequence} above 0 tells
     * apart files whose first changes share a millisecond.
     */
    public String cdc(
            TableId table, String datePartition, Instant commit, int sequence, int kafkaPartition) {
        String name = CDC.format(commit.atZone(zone)) + (sequence > 0 ? "-" + sequence : "");
        return folder(table, datePartition) + name + suffix(kafkaPartition);
    }

    private String folder(TableId table, String datePartition) {
        String prefix = bucketFolder + table.schema() + "/" + table.table() + "/";
        return datePartition.isEmpty() ? prefix : prefix + datePartition + "/";
    }

    private String suffix(int kafkaPartition) {
        return (kafkaPartition > 0 ? "-" + kafkaPartition : "") + extension;
    }
}
