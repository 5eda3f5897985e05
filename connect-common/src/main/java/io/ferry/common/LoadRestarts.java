package io.ferry.common;

/**
 * Tells a load that starts over from a first load, per Kafka partition. The DMS source announces
 * its tables (op {@code p}) before a full load's rows; when its task stops mid-load, Debezium's
 * snapshot runs again from the start and the tables are announced again. What the unfinished load
 * wrote must go then — a row it wrote that the source deleted before the new load read the table
 * would stay otherwise — but only what this partition delivered: a first announcement must not
 * empty a table other partitions or topics fill.
 *
 * <p>So an announcement starts a load over when rows came from its partition since the
 * announcements before (or it follows such an announcement: one load announces all its tables
 * together). A sink keeps the state with its offsets; a redelivered announcement after a rewind may
 * empty the table again, and the rows after it are delivered again too.
 */
public final class LoadRestarts {
    /** Nothing seen yet (a partition new to the sink). */
    public static final int NONE = 0;

    /** Rows since the last announcements. */
    public static final int ROWS = 1;

    /** Announcements of a first load, no row since. */
    public static final int FIRST = 2;

    /** Announcements of a load that starts over, no row since. */
    public static final int RESTART = 3;

    private LoadRestarts() {}

    /** Whether an announcement in a partition at {@code state} starts its table's load over. */
    public static boolean restarts(int state) {
        return state == ROWS || state == RESTART;
    }

    /** The state after an announcement. */
    public static int afterAnnouncement(int state) {
        return restarts(state) ? RESTART : FIRST;
    }
}
