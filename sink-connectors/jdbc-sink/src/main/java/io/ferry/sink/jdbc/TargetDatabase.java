package io.ferry.sink.jdbc;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * The target named by a JDBC URL: which database family it is, and the URL the driver is given
 * ({@code jdbc:mysql:} is accepted and handed to the MariaDB driver, which speaks to both).
 */
public record TargetDatabase(Family family, String driverUrl) {
    /** The database families with a dialect. */
    public enum Family {
        POSTGRESQL,
        MARIADB
    }

    public static TargetDatabase of(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return new TargetDatabase(Family.POSTGRESQL, url);
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return new TargetDatabase(Family.MARIADB, url);
        }
        if (lower.startsWith("jdbc:mysql:")) {
            String separator = url.contains("?") ? "&" : "?";
            return new TargetDatabase(Family.MARIADB, url + separator + "permitMysqlScheme");
        }
        throw new ConfigException(
                JdbcSinkConfig.URL,
                url,
                "must start with jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
    }
}
