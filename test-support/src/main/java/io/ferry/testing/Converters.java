package io.ferry.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.Converter;

/**
 * The record formats tests and benchmarks run with, as Connect worker (or connector) settings:
 * Debezium's default JSON with schemas, or Avro through Apicurio's converter and the local schema
 * registry — the way production pipelines run. Ferry ships no converter; users bring Confluent's or
 * Apicurio's.
 */
public enum Converters {
    JSON,
    AVRO;

    /** {@code key.converter}, {@code value.converter} and their settings. */
    public Map<String, String> workerProps() {
        Map<String, String> props = new HashMap<>();
        for (String side : new String[] {"key", "value"}) {
            String prefix = side + ".converter";
            if (this == JSON) {
                props.put(prefix, "org.apache.kafka.connect.json.JsonConverter");
                props.put(prefix + ".schemas.enable", "true");
            } else {
                props.put(prefix, "io.apicurio.registry.utils.converter.AvroConverter");
                props.put(prefix + ".apicurio.registry.url", LocalServers.schemaRegistry().url());
                props.put(prefix + ".apicurio.registry.auto-register", "true");
                props.put(prefix + ".apicurio.registry.find-latest", "true");
                // The schema id travels in the value, as with Confluent's converter, not in
                // headers.
                props.put(prefix + ".apicurio.registry.headers.enabled", "false");
            }
        }
        return props;
    }

    /** A value converter of this kind, configured as the worker's, for reading topics in tests. */
    public Converter valueConverter() {
        return converter("value");
    }

    /** A key converter of this kind, configured as the worker's. */
    public Converter keyConverter() {
        return converter("key");
    }

    private Converter converter(String side) {
        Map<String, String> props = workerProps();
        String prefix = side + ".converter.";
        Map<String, String> config = new HashMap<>();
        props.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix)) {
                        config.put(key.substring(prefix.length()), value);
                    }
                });
        try {
            Converter converter =
                    (Converter)
                            Class.forName(props.get(side + ".converter"))
                                    .getDeclaredConstructor()
                                    .newInstance();
            converter.configure(config, side.equals("key"));
            return converter;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("converter not on the test classpath: " + e, e);
        }
    }

    /** The converter named by the {@code ferry.converter} system property; JSON by default. */
    public static Converters fromSystemProperty() {
        return valueOf(
                System.getProperty("ferry.converter", "json").toUpperCase(java.util.Locale.ROOT));
    }
}
