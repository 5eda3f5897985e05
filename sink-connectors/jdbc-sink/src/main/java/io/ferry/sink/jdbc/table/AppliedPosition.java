package io.ferry.sink.jdbc.table;

import io.ferry.common.SourcePosition;

/**
 * Where a partition's applied changes reached in the source's log.
 *
 * @param position the last streamed change applied
 * @param latestMicros the latest source time (commit or event time, in microseconds) of the changes
 *     applied: a change sent again is never later than it
 * @param appliedAt how many changes were applied at {@code position}: one log record can hold
 *     several (PostgreSQL's COPY and multi-row inserts share an LSN)
 * @param resentAt while the source sends changes again, how many of them at {@code position} have
 *     come so far; -1 otherwise
 * @param firstImage a hash of the first change applied at {@code position} (operation and images):
 *     the same change at the same position again is the source sending again
 */
public record AppliedPosition(
        SourcePosition position, long latestMicros, int appliedAt, int resentAt, int firstImage) {

    public boolean resending() {
        return resentAt >= 0;
    }
}
