package io.ferry.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * DMS's {@code CdcStopPosition}: {@code commit_time:2026-12-02T12:00:00} stops before the first
 * change committed after that time; {@code server_time:...} stops once the worker's clock passes
 * it. Times are UTC, as in DMS.
 */
record StopPosition(Instant at, boolean commitTime) {
    static StopPosition parse(String text) {
        String value = text.trim();
        int colon = value.indexOf(':');
        String kind = colon < 0 ? "" : value.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals("commit_time") && !kind.equals("server_time")) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not commit_time:<time> or server_time:<time>");
        }
        String time = value.substring(colon + 1).trim();
        try {
            Instant at =
                    time.endsWith("Z")
                            ? Instant.parse(time)
                            : LocalDateTime.parse(time).toInstant(ZoneOffset.UTC);
            return new StopPosition(at, kind.equals("commit_time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + time + "' is not a time like 2026-12-02T12:00:00");
        }
    }

    /** True once a change committed at {@code commit} (or now) is past the stop point. */
    boolean passedBy(Instant commit, Instant now) {
        return commitTime ? commit != null && commit.isAfter(at) : !now.isBefore(at);
    }
}
