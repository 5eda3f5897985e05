package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.ConfigDocs;
import io.ferry.testing.PluginServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class JdbcSinkConfigTest {
    private static List<String> errors(Map<String, String> props, String key) {
        return new JdbcSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> v.name().equals(key))
                        .map(ConfigValue::errorMessages)
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    void validationNamesAnUnsupportedUrl() {
        List<String> errors =
                errors(Map.of("connection.url", "jdbc:oracle:thin:@x"), "connection.url");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("jdbc:postgresql:"), errors.get(0));
    }

    @Test
    void validationRejectsAnUnknownPrepMode() {
        List<String> errors =
                errors(
                        Map.of(
                                "connection.url", "jdbc:postgresql://h/db",
                                "target.table.prep.mode", "DROP"),
                        "target.table.prep.mode");
        assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void mysqlUrlsGoToTheMariaDbDriver() {
        TargetDatabase target = TargetDatabase.of("jdbc:mysql://h:3306/db?useSSL=true");
        assertEquals(TargetDatabase.Family.MARIADB, target.family());
        assertEquals("jdbc:mysql://h:3306/db?useSSL=true&permitMysqlScheme", target.driverUrl());
    }

    @Test
    void thePasswordIsASecret() {
        JdbcSinkConfig config =
                new JdbcSinkConfig(
                        Map.of(
                                "connection.url",
                                "jdbc:postgresql://h/db",
                                "connection.password",
                                "s3cret"));
        assertEquals("s3cret", config.password());
        assertTrue(!config.toString().contains("s3cret"));
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        JdbcSinkConfig.CONFIG_DEF, Path.of("..", "..", "docs", "jdbc-sink.md")));
    }

    @Test
    void theConnectorIsListedForServiceLoading() {
        assertEquals(Set.of(), PluginServices.unlisted());
    }
}
