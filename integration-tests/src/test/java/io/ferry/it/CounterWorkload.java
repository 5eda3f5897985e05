package io.ferry.it;

import io.ferry.testing.LocalDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes to {@code table(id, n, note)} on its own thread until stopped: inserts new rows at n=0,
 * adds one to n of existing rows, deletes rows, now and then several in one transaction — the
 * source traffic a migration runs against.
 */
final class CounterWorkload implements AutoCloseable {
    private final LocalDatabase db;
    private final String table;
    private final boolean resilient;
    private final Thread thread;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong interruptions = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final List<Integer> ids;
    private int nextId;
    private final long seed;

    /** Starts writing; {@code firstId} is above the ids the table holds, {@code 0..firstId-1}. */
    CounterWorkload(LocalDatabase db, String table, int firstId) {
        this(db, table, range(firstId), firstId, 42, false);
    }

    private CounterWorkload(
            LocalDatabase db,
            String table,
            List<Integer> ids,
            int nextId,
            long seed,
            boolean resilient) {
        this.db = db;
        this.table = table;
        this.ids = new ArrayList<>(ids);
        this.nextId = nextId;
        this.seed = seed;
        this.resilient = resilient;
        this.thread = new Thread(this::run, "workload-" + table);
        thread.start();
    }

    /**
     * A workload that rides out a database restart — on a failed statement it connects again and
     * reads the table's ids afresh (a statement whose commit it never saw may or may not be there)
     * — at a steady pace of at most some 250 writes a second.
     */
    static CounterWorkload resilient(LocalDatabase db, String table, int firstId) {
        return new CounterWorkload(db, table, range(firstId), firstId, 42, true);
    }

    /** Another workload that goes on from where this closed one stopped. */
    CounterWorkload continued() {
        if (thread.isAlive()) {
            throw new IllegalStateException("close this workload first");
        }
        return new CounterWorkload(db, table, ids, nextId, seed + 1, resilient);
    }

    private static List<Integer> range(int count) {
        List<Integer> ids = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            ids.add(id);
        }
        return ids;
    }

    private void run() {
        Random random = new Random(seed);
        boolean reread = false;
        while (running) {
            try {
                if (reread) {
                    reread();
                }
                write(random);
                return;
            } catch (SQLException | RuntimeException e) {
                if (!resilient) {
                    failure = e;
                    return;
                }
                interruptions.incrementAndGet();
                reread = true;
                try {
                    Thread.sleep(500); // the server is restarting: try again shortly
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void reread() {
        ids.clear();
        for (String id : db.rows("SELECT id FROM " + table)) {
            ids.add(Integer.parseInt(id));
            nextId = Math.max(nextId, Integer.parseInt(id) + 1);
        }
    }

    private void write(Random random) throws SQLException {
        try (Connection connection = db.connect();
                PreparedStatement insert =
                        connection.prepareStatement(
                                "INSERT INTO " + table + " (id, n, note) VALUES (?, 0, 'w')");
                PreparedStatement update =
                        connection.prepareStatement(
                                "UPDATE " + table + " SET n = n + 1 WHERE id = ?");
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            while (running) {
                boolean transaction = random.nextInt(10) == 0;
                connection.setAutoCommit(!transaction);
                for (int i = transaction ? 3 : 1; i > 0; i--) {
                    int dice = random.nextInt(10);
                    if (dice < 3 || ids.isEmpty()) {
                        insert.setInt(1, nextId);
                        insert.executeUpdate();
                        ids.add(nextId++);
                    } else if (dice < 9) {
                        update.setInt(1, ids.get(random.nextInt(ids.size())));
                        update.executeUpdate();
                    } else {
                        delete.setInt(1, ids.remove(random.nextInt(ids.size())));
                        delete.executeUpdate();
                    }
                }
                if (transaction) {
                    connection.commit();
                }
                writes.incrementAndGet();
                if (resilient) {
                    pace();
                }
            }
        }
    }

    /** A steady rate, as an application writes, not as fast as the server takes it. */
    private static void pace() {
        try {
            Thread.sleep(4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times a resilient workload lost its connection and began again. */
    long interruptions() {
        return interruptions.get();
    }

    long writes() {
        return writes.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("the workload failed", failure);
        }
    }
}
