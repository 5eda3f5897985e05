package io.ferry.source;

import org.apache.kafka.connect.errors.ConnectException;

/** Debezium's connector and task classes, loaded from this plugin's own class loader. */
final class DebeziumClasses {
    private DebeziumClasses() {}

    static <T> T newInstance(String className, Class<T> type) {
        try {
            Class<?> loaded =
                    Class.forName(className, true, DebeziumClasses.class.getClassLoader());
            return type.cast(loaded.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConnectException(
                    "Debezium's " + className + " cannot be loaded from Ferry's source plugin", e);
        }
    }
}
