package io.ferry.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live view of a migration: a bar per table while it loads (rows done of the source's
 * estimate), then the changes captured, the source latency and how far each sink is behind. On a
 * terminal the block is redrawn in place; otherwise it is printed whenever it changes, at most
 * every few seconds, so logs stay readable.
 */
final class ProgressView {
    private static final int BAR = 24;
    private static final long PRINT_INTERVAL_MS = 5_000;

    private static final String COMPLETED = TableStatistics.COMPLETED;

    /** What one look at the migration saw. */
    record Snapshot(
            TableStatistics stats, Map<String, Long> estimates, Map<String, Long> sinkLag) {}

    private final PrintWriter out;
    private final boolean terminal;
    private int drawnLines;
    private String lastBlock = "";
    private long lastPrint;

    ProgressView(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(Snapshot snapshot) {
        List<String> lines = render(snapshot);
        String block = String.join("\n", lines);
        long now = System.currentTimeMillis();
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "F\033[J"); // back to the block's start, clear
            }
            out.println(block);
            drawnLines = lines.size();
        } else if (!block.equals(lastBlock) && now - lastPrint >= PRINT_INTERVAL_MS) {
            out.println(block);
            lastPrint = now;
            lastBlock = block;
        }
        out.flush();
    }

    static List<String> render(Snapshot snapshot) {
        List<String> lines = new ArrayList<>();
        lines.add("full load");
        long inserts = 0;
        long updates = 0;
        long deletes = 0;
        for (TableStatistics.Table table : snapshot.stats().tables()) {
            long total = snapshot.estimates().getOrDefault(table.qualified(), -1L);
            // A table whose load is over shows so: after a restart its counts begin at 0 again,
            // and a table empty at the start gets its rows by CDC, never by the load.
            String progress =
                    COMPLETED.equals(table.state())
                            ? loaded(table.fullLoadRows(), total)
                            : bar(table.fullLoadRows(), total);
            lines.add(String.format("  %-40s %s", table.qualified(), progress));
            inserts += table.inserts();
            updates += table.updates();
            deletes += table.deletes();
        }
        StringBuilder cdc =
                new StringBuilder(
                        String.format(
                                "cdc: %,d inserts, %,d updates, %,d deletes",
                                inserts, updates, deletes));
        for (TableStatistics.Task task : snapshot.stats().tasks()) {
            cdc.append(
                    String.format(
                            "; %s %s, source latency %s",
                            task.connector(), task.state(), task.latency()));
        }
        lines.add(cdc.toString());
        if (!snapshot.sinkLag().isEmpty()) {
            StringBuilder sinks = new StringBuilder("sinks behind:");
            snapshot.sinkLag()
                    .forEach(
                            (sink, lag) ->
                                    sinks.append(' ')
                                            .append(sink)
                                            .append(' ')
                                            .append(lag < 0 ? "-" : String.format("%,d", lag)));
            lines.add(sinks.toString());
        }
        return lines;
    }

    /**
     * A table whose load is over: {@code [##########] 100% 5,200 / ~5,000 loaded}, or without
     * counts when this run loaded none of it (resumed after the load, or filled by CDC).
     */
    static String loaded(long rows, long total) {
        if (rows <= 0) {
            return "[" + "#".repeat(BAR) + "] 100%  loaded";
        }
        return total <= 0
                ? String.format("%,d rows  loaded", rows)
                : String.format("[%s] 100%%  %,d / ~%,d  loaded", "#".repeat(BAR), rows, total);
    }

    /** {@code [#####-----] 52% 5,200 / 10,000}, or just the rows without an estimate. */
    static String bar(long done, long total) {
        if (total <= 0) {
            return String.format("%,d rows", done);
        }
        // Estimates are statistics: a table can load more rows than estimated.
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * BAR);
        return String.format(
                "[%s%s] %3d%%  %,d / ~%,d",
                "#".repeat(filled),
                "-".repeat(BAR - filled),
                Math.round(fraction * 100),
                done,
                total);
    }
}
