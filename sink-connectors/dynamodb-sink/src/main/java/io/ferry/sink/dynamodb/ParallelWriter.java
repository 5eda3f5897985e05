package io.ferry.sink.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * DMS's {@code ParallelLoadThreads} and {@code ParallelLoadBufferSize} for DynamoDB: net changes
 * spread over writer threads by key, each thread with its own queue, so every change of one key is
 * written in order by one thread. Writes overlap the worker's next poll; a full queue makes {@link
 * #write} wait, and {@link #drain} waits for everything queued, before offsets commit.
 */
final class ParallelWriter implements AutoCloseable {
    private final ItemWriter writer;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final List<Semaphore> queues = new ArrayList<>();
    private final List<Future<?>> last = new ArrayList<>();
    private final int bufferSize;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    ParallelWriter(ItemWriter writer, int count, int bufferSize) {
        this.writer = writer;
        this.bufferSize = bufferSize;
        for (int i = 0; i < count; i++) {
            threads.add(
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread thread = new Thread(r, "ferry-dynamodb-writer");
                                thread.setDaemon(true);
                                return thread;
                            }));
            queues.add(new Semaphore(bufferSize));
            last.add(null);
        }
    }

    /** Queues the changes' net effect; throws a failure an earlier write met. */
    void write(List<ItemChange> changes) {
        rethrow();
        int count = threads.size();
        List<List<ItemChange>> shares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shares.add(new ArrayList<>());
        }
        for (ItemChange change : ItemWriter.net(changes)) {
            shares.get(Math.floorMod(ItemWriter.identity(change).hashCode(), count)).add(change);
        }
        for (int i = 0; i < count; i++) {
            List<ItemChange> share = shares.get(i);
            for (int from = 0; from < share.size(); from += bufferSize) {
                queue(i, share.subList(from, Math.min(share.size(), from + bufferSize)));
            }
        }
    }

    private void queue(int thread, List<ItemChange> chunk) {
        Semaphore queue = queues.get(thread);
        try {
            queue.acquire(chunk.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while queueing DynamoDB writes", e);
        }
        Runnable task =
                () -> {
                    try {
                        // After a failure nothing more is written: offsets will not commit.
                        if (failure.get() == null) {
                            writer.writeNet(chunk);
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } catch (Error e) {
                        // Kept as a failure: a Future's error is seen once, and then forgotten.
                        failure.compareAndSet(null, new ConnectException("A writer failed", e));
                        throw e;
                    } finally {
                        queue.release(chunk.size());
                    }
                };
        last.set(thread, threads.get(thread).submit(task));
    }

    /** Waits until every queued change is written; throws if one could not be. */
    void drain() {
        try {
            for (Future<?> future : last) {
                if (future != null) {
                    future.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to DynamoDB", e);
        } catch (ExecutionException e) {
            throw new ConnectException(e.getCause());
        }
        rethrow();
    }

    private void rethrow() {
        RuntimeException error = failure.get();
        if (error != null) {
            throw error instanceof ConnectException connect
                    ? connect
                    : new ConnectException("A DynamoDB writer failed", error);
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
