package io.ferry.sink.s3.layout;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * DMS's date partition folders ({@code DatePartitionSequence}, {@code DatePartitionDelimiter},
 * {@code DatePartitionTimezone}), from a change's source commit time, never the wall clock.
 */
public record DatePartition(boolean enabled, Sequence sequence, Delimiter delimiter, ZoneId zone) {
    /** The order of the date parts. */
    public enum Sequence {
        YYYYMMDD("yyyy", "MM", "dd"),
        YYYYMMDDHH("yyyy", "MM", "dd", "HH"),
        YYYYMM("yyyy", "MM"),
        MMYYYYDD("MM", "yyyy", "dd"),
        DDMMYYYY("dd", "MM", "yyyy");

        private final List<String> parts;

        Sequence(String... parts) {
            this.parts = List.of(parts);
        }
    }

    /** What goes between the parts. */
    public enum Delimiter {
        SLASH("/"),
        UNDERSCORE("_"),
        DASH("-"),
        NONE("");

        private final String text;

        Delimiter(String text) {
            this.text = text;
        }
    }

    /** The folder for a commit time, e.g. {@code 2024/02/29}; empty when partitioning is off. */
    public String folder(Instant commit) {
        if (!enabled) {
            return "";
        }
        ZonedDateTime time = commit.atZone(zone);
        List<String> values = new ArrayList<>();
        for (String part : sequence.parts) {
            values.add(
                    switch (part) {
                        case "yyyy" -> String.format("%04d", time.getYear());
                        case "MM" -> String.format("%02d", time.getMonthValue());
                        case "dd" -> String.format("%02d", time.getDayOfMonth());
                        default -> String.format("%02d", time.getHour());
                    });
        }
        return String.join(delimiter.text, values);
    }
}
