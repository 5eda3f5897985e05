package io.ferry.common;

/** The version a plugin reports: its jar's {@code Implementation-Version}, set by the build. */
public final class PluginVersion {
    private PluginVersion() {}

    public static String of(Class<?> plugin) {
        String version = plugin.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
