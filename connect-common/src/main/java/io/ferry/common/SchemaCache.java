package io.ferry.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * What a transformation builds from a record's schema, cached per table and schema instance: two
 * tables can share one schema instance (JsonConverter hands out one instance per distinct schema),
 * so the schema alone never decides. Bounded (least recently used goes first) and thread-safe, as
 * Kafka's {@code Transformation} contract asks. Identity, not equality, for the schema: converters
 * reuse instances, and a deep comparison per record would cost more than the build it saves.
 *
 * @param <V> what is built
 */
public final class SchemaCache<V> {
    /**
     * What one transformation of Kafka's keeps per schema is 16; a row mapper needs more tables.
     */
    public static final int DEFAULT_CAPACITY = 1024;

    private record Key(Object table, Schema schema) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.schema == schema && k.table.equals(table);
        }

        @Override
        public int hashCode() {
            return 31 * table.hashCode() + System.identityHashCode(schema);
        }
    }

    private final Map<Key, V> entries;

    public SchemaCache() {
        this(DEFAULT_CAPACITY);
    }

    public SchemaCache(int capacity) {
        this.entries =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /**
     * The value for a table (anything with equality: an id, a topic, a list of what the build
     * depends on besides the schema) and a schema, built on first use.
     */
    public synchronized V get(Object table, Schema schema, Function<Schema, V> build) {
        Key key = new Key(table, schema);
        V value = entries.get(key);
        if (value == null) {
            value = build.apply(schema);
            entries.put(key, value);
        }
        return value;
    }

    public synchronized int size() {
        return entries.size();
    }
}
