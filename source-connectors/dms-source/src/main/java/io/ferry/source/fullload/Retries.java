package io.ferry.source.fullload;

import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures a retry may outlive, backed off from 1 s doubling to 30 s, until they have lasted longer
 * than the budget: then the task fails, naming the last one.
 */
final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    private static final long FIRST_MS = 1_000;
    private static final long MAX_MS = 30_000;

    private final Duration budget;
    private long failingSinceNanos;
    private int failures;

    Retries(Duration budget) {
        this.budget = budget;
    }

    void succeeded() {
        failures = 0;
    }

    /**
     * Records a failure.
     *
     * @throws ConnectException failures have lasted longer than the budget
     */
    void failed(String what, Exception e) {
        long now = System.nanoTime();
        if (failures == 0) {
            failingSinceNanos = now;
        }
        failures++;
        if (now - failingSinceNanos > budget.toNanos()) {
            throw new ConnectException(
                    "failing for more than " + budget.toSeconds() + " s: " + what, e);
        }
        LOG.warn("{} (attempt {}; retrying in {} ms)", what, failures, backoffMillis());
    }

    long backoffMillis() {
        return failures == 0 ? 0 : Math.min(MAX_MS, FIRST_MS << Math.min(failures - 1, 5));
    }
}
