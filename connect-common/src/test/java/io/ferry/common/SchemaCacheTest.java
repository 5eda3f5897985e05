package io.ferry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaCacheTest {
    private final Schema shared = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();

    @Test
    void oneSchemaOfTwoTablesIsBuiltForEach() {
        SchemaCache<String> cache = new SchemaCache<>();
        assertEquals("a", cache.get("a", shared, s -> "a"));
        assertEquals("b", cache.get("b", shared, s -> "b"));
        assertEquals("a", cache.get("a", shared, s -> "not again"));
    }

    @Test
    void anEqualSchemaOfAnotherInstanceIsBuiltAgain() {
        SchemaCache<Integer> cache = new SchemaCache<>();
        AtomicInteger builds = new AtomicInteger();
        Schema copy = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        cache.get("t", shared, s -> builds.incrementAndGet());
        cache.get("t", copy, s -> builds.incrementAndGet());
        assertEquals(2, builds.get());
    }

    @Test
    void theLeastRecentlyUsedGoesFirst() {
        SchemaCache<String> cache = new SchemaCache<>(2);
        cache.get("a", shared, s -> "a");
        cache.get("b", shared, s -> "b");
        cache.get("a", shared, s -> "a2");
        cache.get("c", shared, s -> "c");
        assertEquals(2, cache.size());
        assertEquals("a", cache.get("a", shared, s -> "rebuilt"));
        assertEquals("b again", cache.get("b", shared, s -> "b again"));
    }

    @Test
    void manyThreadsEvictingAtOnceLeaveItWhole() throws Exception {
        SchemaCache<Integer> cache = new SchemaCache<>(64);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger wrong = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    for (int i = 0; i < 200_000; i++) {
                                        int table = (i * 31 + seed) % 500;
                                        if (cache.get(table, shared, s -> table) != table) {
                                            wrong.incrementAndGet();
                                        }
                                    }
                                } catch (Throwable e) {
                                    failures.add(e);
                                }
                            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(failures));
        assertEquals(0, wrong.get());
        assertEquals(64, cache.size());
    }
}
