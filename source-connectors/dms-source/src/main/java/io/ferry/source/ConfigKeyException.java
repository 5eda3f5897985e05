package io.ferry.source;

import org.apache.kafka.common.config.ConfigException;

/** A config error and the key it belongs to, so validation reports it under that key. */
final class ConfigKeyException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /** Kafka's own wording: {@code Invalid value V for configuration K: message}. */
    ConfigKeyException(String key, Object value, String message) {
        super(key, value, message);
        this.key = key;
    }

    /** {@code key: message}. */
    ConfigKeyException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    String key() {
        return key;
    }
}
