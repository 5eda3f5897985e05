package io.ferry.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.SourceColumnTypes;
import io.ferry.dms.Engine;
import io.ferry.testing.ConfigDocs;
import io.ferry.testing.PluginServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ferry's keys, what they make of Debezium's settings, and the errors they give. */
class DmsSourceConfigTest {
    private static final String SELECT =
            """
            {"rules": [
              {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
               "object-locator": {"schema-name": "shop", "table-name": "%"},
               "rule-action": "include"}
            ]}
            """;

    private static Map<String, String> props(String engine, String type) {
        Map<String, String> props = new HashMap<>();
        props.put("source.engine", engine);
        props.put("migration.type", type);
        props.put("topic.prefix", "shop");
        props.put("database.hostname", "db");
        return props;
    }

    private static Map<String, String> derived(Map<String, String> props) {
        return DebeziumSettings.derive(new DmsSourceConfig(props), props);
    }

    @Test
    void exactlyOnceSupportIsDebeziumsForTheEngine() {
        DmsSourceConnector connector = new DmsSourceConnector();
        for (String engine : List.of("postgres", "mysql", "mariadb")) {
            assertEquals(
                    org.apache.kafka.connect.source.ExactlyOnceSupport.SUPPORTED,
                    connector.exactlyOnceSupport(props(engine, "full-load-and-cdc")),
                    engine);
        }
        assertEquals(
                org.apache.kafka.connect.source.ExactlyOnceSupport.UNSUPPORTED,
                connector.exactlyOnceSupport(props("db2", "cdc")));
    }

    @Test
    void eachMigrationTypeHasItsSnapshotMode() {
        assertEquals("initial_only", derived(props("postgres", "full-load")).get("snapshot.mode"));
        assertEquals("initial", derived(props("mysql", "full-load-and-cdc")).get("snapshot.mode"));
        assertEquals("no_data", derived(props("postgres", "cdc")).get("snapshot.mode"));
        Map<String, String> fromDump = props("mariadb", "cdc");
        fromDump.put("cdc.start.position", "binlog.000001:4");
        fromDump.put("cdc.start.gtid.set", "0-1-7");
        assertEquals("recovery", derived(fromDump).get("snapshot.mode"));
    }

    @Test
    void truncatesAreCapturedUnlessTheDmsSettingSaysNo() {
        assertEquals("none", derived(props("postgres", "cdc")).get("skipped.operations"));
        Map<String, String> off = props("mariadb", "cdc");
        off.put("handle.source.table.truncated", "false");
        assertEquals("t", derived(off).get("skipped.operations"));
        Map<String, String> own = props("mysql", "cdc");
        own.put("skipped.operations", "u");
        assertEquals("u", derived(own).get("skipped.operations"));
        own.put("skipped.operations", "u, t");
        assertTrue(
                assertThrows(ConfigException.class, () -> derived(own))
                        .getMessage()
                        .contains("handle.source.table.truncated"));
        own.put("handle.source.table.truncated", "false");
        assertEquals("u, t", derived(own).get("skipped.operations"));
        own.put("skipped.operations", "u");
        assertEquals("u,t", derived(own).get("skipped.operations"));
        own.put("skipped.operations", "none");
        assertEquals("t", derived(own).get("skipped.operations"));
    }

    @Test
    void unavailableValuesAreReselectedUnlessPostProcessorsAreGiven() {
        Map<String, String> debezium = derived(props("postgres", "cdc"));
        assertEquals("reselector", debezium.get("post.processors"));
        assertEquals(
                "io.debezium.processors.reselect.ReselectColumnsPostProcessor",
                debezium.get("reselector.type"));
        assertEquals("true", debezium.get("reselector.reselect.unavailable.values"));
        assertEquals("false", debezium.get("reselector.reselect.null.values"));
        Map<String, String> own = props("oracle", "cdc");
        own.put("post.processors", "mine");
        assertEquals("mine", derived(own).get("post.processors"));
        assertEquals(null, derived(own).get("reselector.type"));
    }

    @Test
    void debeziumGetsItsOwnKeysAndTheDerivedOnes() {
        Map<String, String> props = props("postgres", "full-load");
        props.put("table.mappings", SELECT);
        Map<String, String> debezium = derived(props);
        assertEquals(
                "io.debezium.connector.postgresql.PostgresConnector",
                debezium.get("connector.class"));
        assertEquals("db", debezium.get("database.hostname"));
        assertEquals("pgoutput", debezium.get("plugin.name"));
        assertEquals(
                "precise",
                derived(props("mariadb", "full-load")).get("bigint.unsigned.handling.mode"));
        assertEquals("false", derived(props("mariadb", "full-load")).get("enable.time.adjuster"));
        assertEquals("false", derived(props("mariadb", "full-load")).get("driver.yearIsDateType"));
        assertEquals("filtered", debezium.get("publication.autocreate.mode"));
        assertEquals("string", debezium.get("interval.handling.mode"));
        assertEquals("true", debezium.get("slot.drop.on.stop"), "a full load leaves no slot");
        assertEquals("10000", debezium.get("heartbeat.interval.ms"));
        assertTrue(
                java.util.regex.Pattern.compile(debezium.get("table.include.list"))
                        .matcher("shop.orders")
                        .matches());
        for (String ferry : DmsSourceConfig.CONFIG_DEF.names()) {
            assertTrue(!debezium.containsKey(ferry), ferry + " is Ferry's, not Debezium's");
        }
    }

    @Test
    void conflictsNameTheirKey() {
        Map<String, String> both = props("postgres", "cdc");
        both.put("table.mappings", SELECT);
        both.put("table.include.list", "shop.orders");
        assertTrue(
                assertThrows(ConfigException.class, () -> derived(both))
                        .getMessage()
                        .contains("table.include.list"));
        Map<String, String> mode = props("postgres", "cdc");
        mode.put("snapshot.mode", "initial");
        assertTrue(
                assertThrows(ConfigException.class, () -> derived(mode))
                        .getMessage()
                        .contains("snapshot.mode"));
        Map<String, String> early = props("postgres", "full-load");
        early.put("cdc.start.position", "0/16B3748");
        assertTrue(
                assertThrows(ConfigException.class, () -> new DmsSourceConfig(early))
                        .getMessage()
                        .contains("cdc.start.position"));
    }

    /** Issue 16, items 3 and 8: LOB settings and views. */
    @Test
    void lobSettingsAndViewsAreCheckedWhereTheyAreSet() {
        Map<String, String> both = props("postgres", "cdc");
        both.put("full.lob.mode", "true");
        both.put("limited.size.lob.mode", "true");
        assertTrue(
                assertThrows(ConfigException.class, () -> new DmsSourceConfig(both))
                        .getMessage()
                        .contains("limited.size.lob.mode"));
        Map<String, String> noLobs = props("postgres", "cdc");
        noLobs.put("support.lobs", "false");
        noLobs.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "shop", "table-name": "%"},
                   "rule-action": "include"},
                  {"rule-type": "table-settings", "rule-id": "4", "rule-name": "4",
                   "object-locator": {"schema-name": "shop", "table-name": "docs"},
                   "lob-settings": {"mode": "unlimited"}}
                ]}
                """);
        String message =
                assertThrows(ConfigException.class, () -> new DmsSourceConfig(noLobs)).getMessage();
        assertTrue(message.contains("rule-id 4: 'lob-settings'"), message);

        Map<String, String> limited = props("mariadb", "cdc");
        limited.put("limited.size.lob.mode", "true");
        java.util.Set<String> types = new java.util.TreeSet<>(Engine.MARIADB.lobTypes());
        types.addAll(SourceColumnTypes.BOUNDED_CHARACTER_TYPES);
        assertEquals(
                "(?i).+\\.(" + String.join("|", types).replace(" ", "\\s") + ")",
                derived(limited).get("datatype.propagate.source.type"));
        limited.put("datatype.propagate.source.type", ".+\\.VARCHAR");
        assertTrue(
                derived(limited)
                        .get("datatype.propagate.source.type")
                        .startsWith(".+\\.VARCHAR,(?i)"));
        // Whole LOBs (the default): only the character types' lengths, for the sinks' varchar(n).
        String characters = derived(props("mariadb", "cdc")).get("datatype.propagate.source.type");
        assertTrue(characters.contains("|VARCHAR|"), characters);
        assertFalse(characters.contains("TEXT"), characters);

        Map<String, String> view = props("postgres", "cdc");
        view.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
                   "object-locator": {"schema-name": "shop", "table-name": "%", "table-type": "view"},
                   "load-order": 1, "rule-action": "include"}
                ]}
                """);
        message = assertThrows(ConfigException.class, () -> new DmsSourceConfig(view)).getMessage();
        assertTrue(
                message.contains(
                        "rule-id 1: 'object-locator.table-type' is 'view': Ferry captures tables"
                                + " only"),
                message);
    }

    /** A source tolerating errors would drop rows Kafka refuses (KIP-779): refused. */
    @Test
    void aSourceThatWouldDropRowsIsRefusedUnderErrorsTolerance() {
        Map<String, String> props = props("postgres", "cdc");
        props.put("errors.tolerance", "all");
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new DmsSourceConnector().validate(props).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        assertEquals(List.of("errors.tolerance"), List.copyOf(errors.keySet()), errors.toString());
    }

    @Test
    void validationNamesTheKeyOrTheRule() {
        Map<String, String> props = props("db2", "sometimes");
        props.put(
                "table.mappings",
                """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "7", "rule-name": "7",
                   "object-locator": {"schema-name": "s"},
                   "rule-action": "include"}
                ]}
                """);
        props.put("cdc.stop.position", "tomorrow");
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : new DmsSourceConnector().validate(props).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        assertEquals(
                List.of("source.engine", "migration.type", "table.mappings", "cdc.stop.position")
                        .stream()
                        .sorted()
                        .toList(),
                errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("table.mappings").toString().contains("7"), errors.toString());
    }

    @Test
    void everyKeyIsDocumented() {
        assertEquals(
                Map.of(),
                ConfigDocs.problems(
                        DmsSourceConfig.CONFIG_DEF, Path.of("..", "..", "docs", "sources.md")));
    }

    @ParameterizedTest
    @CsvSource({
        // A setting Ferry derives, given as well: its own key.
        "snapshot.mode, initial, snapshot.mode",
        "table.include.list, shop.x, table.include.list",
        // Truncates skipped while handled: the Debezium key that skips them.
        "skipped.operations, t, skipped.operations",
        // A start point of the wrong form: the start point's key, not the engine's.
        "cdc.start.position, not-an-lsn, cdc.start.position",
    })
    void validationFilesEachErrorUnderItsKey(String key, String value, String errorKey) {
        Map<String, String> props = props("postgres", "cdc");
        props.put("table.mappings", SELECT);
        props.put(key, value);
        org.apache.kafka.common.config.Config config = new DmsSourceConnector().validate(props);
        Map<String, List<String>> errors = new java.util.TreeMap<>();
        config.configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .forEach(v -> errors.put(v.name(), v.errorMessages()));
        assertEquals(java.util.Set.of(errorKey), errors.keySet(), errors.toString());
    }

    @Test
    void theConnectorIsListedForServiceLoading() {
        assertEquals(java.util.Set.of(), PluginServices.unlisted());
    }
}
