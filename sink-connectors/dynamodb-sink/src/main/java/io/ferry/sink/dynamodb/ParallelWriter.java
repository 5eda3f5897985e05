package io.ferry.sink.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * DMS's {@code ParallelLoadThreads} for DynamoDB: a batch's net changes spread over writer threads
 * by key, so every change of one key goes through the same thread and per-key order holds; the
 * batch returns when every thread is done.
 */
final class ParallelWriter implements AutoCloseable {
    private final ItemWriter writer;
    private final ExecutorService threads;
    private final int count;

    ParallelWriter(ItemWriter writer, int count) {
        this.writer = writer;
        this.count = count;
        this.threads =
                Executors.newFixedThreadPool(
                        count,
                        r -> {
                            Thread thread = new Thread(r, "ferry-dynamodb-writer");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    void write(List<ItemChange> changes) {
        List<List<ItemChange>> shares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shares.add(new ArrayList<>());
        }
        for (ItemChange change : ItemWriter.net(changes)) {
            shares.get(Math.floorMod(ItemWriter.identity(change).hashCode(), count)).add(change);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<ItemChange> share : shares) {
            if (!share.isEmpty()) {
                running.add(threads.submit(() -> writer.writeNet(share)));
            }
        }
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to DynamoDB", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new ConnectException(e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
