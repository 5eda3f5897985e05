package io.ferry.common;

import java.util.function.LongSupplier;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a sink task rides out its target's outage: each failed attempt (an environment error: lost
 * connection, timeout, refused) waits twice as long as the one before, from {@code
 * retry.backoff.ms} up to a minute, and after {@code max.retries} retries the task fails. Connect
 * is asked to wait with {@code context.timeout}, which it ends early at every offset flush; so the
 * wait is kept here by the clock, and an attempt before its time does not count (with the defaults,
 * 10 retries from 1 s: some five minutes).
 */
public final class RetryBudget {
    private static final Logger LOG = LoggerFactory.getLogger(RetryBudget.class);
    private static final long MAX_BACKOFF_MS = 60_000L;

    /**
     * The least first wait a sink accepts: the wait doubles from it, so from 0 every retry would be
     * spent at once and a blip of the network would fail the task.
     */
    public static final long MIN_BACKOFF_MS = 100L;

    /** The validator of each sink's {@code retry.backoff.ms}. */
    public static final ConfigDef.Validator BACKOFF_VALIDATOR =
            new ConfigDef.Validator() {
                @Override
                public void ensureValid(String name, Object value) {
                    if (value instanceof Number number && number.longValue() < MIN_BACKOFF_MS) {
                        throw new ConfigException(
                                name,
                                value,
                                "must be at least "
                                        + MIN_BACKOFF_MS
                                        + " ms: the wait doubles from it, and from less the"
                                        + " retries (max.retries) would be spent within a"
                                        + " moment, failing the task on a blip of the network");
                    }
                }

                @Override
                public String toString() {
                    return "[" + MIN_BACKOFF_MS + ",...]";
                }
            };

    private final int maxRetries;
    private final long initialBackoffMs;
    private final LongSupplier clock;
    private int failures;
    private long backoffMs;
    private long retryAtMillis;

    public RetryBudget(int maxRetries, long initialBackoffMs) {
        this(maxRetries, initialBackoffMs, System::currentTimeMillis);
    }

    /** With a clock of the test's choosing (epoch ms). */
    public RetryBudget(int maxRetries, long initialBackoffMs, LongSupplier clock) {
        this.maxRetries = maxRetries;
        this.initialBackoffMs = Math.max(0, initialBackoffMs);
        this.backoffMs = this.initialBackoffMs;
        this.clock = clock;
    }

    /** Whether the next attempt may run now: no failure, or its wait is over. */
    public boolean due() {
        return clock.getAsLong() >= retryAtMillis;
    }

    /**
     * Throws, when an attempt is not due yet, the {@link RetriableException} that makes Connect
     * deliver the same records again after the rest of the wait.
     */
    public void awaitDue(SinkTaskContext context) {
        long wait = retryAtMillis - clock.getAsLong();
        if (wait > 0) {
            context.timeout(wait);
            throw new RetriableException("Waiting " + wait + " ms before writing again");
        }
    }

    /** Asks Connect to poll again when the next attempt is due (for a task with work waiting). */
    public void pollWhenDue(SinkTaskContext context) {
        // At least 1 ms: 0 would leave the poll waiting for the next offset commit.
        context.timeout(Math.max(1, retryAtMillis - clock.getAsLong()));
    }

    /** The attempt succeeded: the next failure starts the count again. */
    public void succeeded() {
        failures = 0;
        backoffMs = initialBackoffMs;
        retryAtMillis = 0;
    }

    /**
     * One more failed attempt: the exception to throw — a {@link RetriableException}, Connect asked
     * to wait the backoff, or once max.retries are spent the {@link ConnectException} that fails
     * the task.
     */
    public ConnectException failed(String what, Exception error, SinkTaskContext context) {
        failures++;
        if (failures > maxRetries) {
            return new ConnectException(
                    what + " failed " + failures + " times, the last with: " + error.getMessage(),
                    error);
        }
        LOG.warn(
                "{} failed (attempt {} of {}), retrying in {} ms: {}",
                what,
                failures,
                maxRetries + 1,
                backoffMs,
                error.getMessage());
        context.timeout(backoffMs);
        retryAtMillis = clock.getAsLong() + backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        return new RetriableException(what + " failed: " + error.getMessage(), error);
    }
}
