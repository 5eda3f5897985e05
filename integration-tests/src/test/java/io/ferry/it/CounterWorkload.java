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
    private final Thread thread;
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final List<Integer> ids = new ArrayList<>();
    private int nextId;

    /** Starts writing; {@code firstId} is above the ids the table holds, {@code 0..firstId-1}. */
    CounterWorkload(LocalDatabase db, String table, int firstId) {
        this.db = db;
        this.table = table;
        for (int id = 0; id < firstId; id++) {
            ids.add(id);
        }
        this.nextId = firstId;
        this.thread = new Thread(this::run, "workload-" + table);
        thread.start();
    }

    private void run() {
        Random random = new Random(42);
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
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
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
