package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a sink's retries of an environment error wait by the clock — Connect ends a {@code
 * context.timeout} early at every offset flush — doubling up to a minute, and fail the task after
 * max.retries; an early call neither attempts nor counts.
 */
class RetryBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Long> timeouts = new ArrayList<>();
    private final SinkTaskContext context =
            (SinkTaskContext)
                    Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {SinkTaskContext.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("timeout")) {
                                    timeouts.add((Long) args[0]);
                                }
                                return null;
                            });

    @Test
    void waitsDoubleByTheClockAndTheTaskFailsAfterMaxRetries() {
        RetryBudget budget = new RetryBudget(8, 1_000, now::get);
        Exception refused = new java.io.IOException("connection refused");
        List<Long> waits = new ArrayList<>();
        for (int failure = 1; failure <= 8; failure++) {
            assertTrue(budget.due());
            assertInstanceOf(RetriableException.class, budget.failed("Writing", refused, context));
            long wait = timeouts.get(timeouts.size() - 1);
            waits.add(wait);
            now.addAndGet(wait - 1);
            assertFalse(budget.due(), "due before its wait is over");
            assertThrows(RetriableException.class, () -> budget.awaitDue(context));
            assertEquals(1L, timeouts.get(timeouts.size() - 1), "the rest of the wait");
            now.incrementAndGet();
        }
        assertEquals(
                List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L), waits);
        ConnectException last = budget.failed("Writing", refused, context);
        assertFalse(last instanceof RetriableException);
        assertTrue(last.getMessage().contains("failed 9 times"), last.getMessage());
    }

    /** A task with a partial batch asks for the poll that ends the wait — never for none. */
    @Test
    void aTaskWithWorkWaitingAsksForThePollThatEndsTheWait() {
        RetryBudget budget = new RetryBudget(3, 1_000, now::get);
        budget.failed("Writing", new java.io.IOException("reset"), context);
        now.addAndGet(400);
        budget.pollWhenDue(context);
        assertEquals(600L, timeouts.get(timeouts.size() - 1));
        now.addAndGet(600);
        budget.pollWhenDue(context);
        assertEquals(1L, timeouts.get(timeouts.size() - 1), "due now: at once, not at the commit");
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        RetryBudget budget = new RetryBudget(1, 500, now::get);
        Exception reset = new java.io.IOException("reset");
        assertInstanceOf(RetriableException.class, budget.failed("Writing", reset, context));
        now.addAndGet(500);
        budget.succeeded();
        assertTrue(budget.due());
        assertInstanceOf(RetriableException.class, budget.failed("Writing", reset, context));
        assertEquals(500L, timeouts.get(timeouts.size() - 1));
    }

    @Test
    void aFirstWaitTooShortToDoubleIsRefused() {
        ConfigException zero =
                assertThrows(
                        ConfigException.class,
                        () -> RetryBudget.BACKOFF_VALIDATOR.ensureValid("retry.backoff.ms", 0L));
        assertTrue(zero.getMessage().contains("retry.backoff.ms"), zero.getMessage());
        assertTrue(zero.getMessage().contains("at least 100 ms"), zero.getMessage());
        RetryBudget.BACKOFF_VALIDATOR.ensureValid("retry.backoff.ms", 100L);
    }
}
