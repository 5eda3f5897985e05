package io.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.CapturedEvents;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddColumnTest {
    private static AddColumn<SourceRecord> smt(Map<String, String> props) {
        AddColumn<SourceRecord> smt = new AddColumn<>();
        smt.configure(props);
        return smt;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void addsTheColumnToBothImagesOfAnEvent(String database) {
        AddColumn<SourceRecord> smt =
                smt(
                        Map.of(
                                "column.name",
                                "label",
                                "expression",
                                "lower($Cust_Name)||'@'||$AR_H_OPERATION"));
        SourceRecord input = CapturedEvents.load(database, true).get(3);
        Struct update = (Struct) smt.apply(input).value();
        assertEquals("ada l.@UPDATE", update.getStruct("after").get("label"));
        assertEquals("ada@UPDATE", update.getStruct("before").get("label"));
        assertEquals("Ada L.", update.getStruct("after").get("Cust_Name"));
        assertTrue(input.value().toString().indexOf("label") < 0, "input unchanged");
    }

    @Test
    void typedColumnsOnSchemalessRows() {
        AddColumn<SourceRecord> smt =
                smt(
                        Map.of(
                                "column.name", "double_balance",
                                "column.type", "numeric",
                                "column.scale", "2",
                                "expression", "$Balance * 2"));
        Map<?, ?> insert =
                (Map<?, ?>) smt.apply(CapturedEvents.load("mariadb", false).get(2)).value();
        // Without schemas, JSON carries the decimal as the converter's text; SQLite reads it as a
        // number.
        Object added = ((Map<?, ?>) insert.get("after")).get("double_balance");
        assertTrue(added instanceof BigDecimal, String.valueOf(added));
    }

    @Test
    void flatRowsGetTheColumnAtTheEnd() {
        AddColumn<SourceRecord> smt =
                smt(
                        Map.of(
                                "column.name",
                                "n",
                                "column.type",
                                "int8",
                                "expression",
                                "length($name)"));
        SourceRecord row =
                new SourceRecord(
                        Map.of(), Map.of(), "t", 0, null, new HashMap<>(Map.of("name", "héllo")));
        assertEquals(5L, ((Map<?, ?>) smt.apply(row).value()).get("n"));
    }

    @Test
    void anExistingColumnIsNotReplaced() {
        AddColumn<SourceRecord> smt = smt(Map.of("column.name", "Cust_Name", "expression", "'x'"));
        SourceRecord input = CapturedEvents.load("postgres", true).get(0);
        DataException e = assertThrows(DataException.class, () -> smt.apply(input));
        assertEquals("Cannot add column 'Cust_Name': the row already has one", e.getMessage());
    }

    @Test
    void validationParsesTheExpression() {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v :
                AddColumnConfig.CONFIG_DEF.validate(
                        Map.of(
                                "column.name",
                                "x",
                                "column.type",
                                "tuple",
                                "expression",
                                "upper("))) {
            errors.put(v.name(), v.errorMessages());
        }
        assertEquals(
                List.of(
                        "Invalid value upper( for configuration expression: unexpected end of expression at position 7"),
                errors.get("expression"));
        assertEquals(
                List.of(
                        "Invalid value tuple for configuration column.type: not a DMS data type Ferry can add"),
                errors.get("column.type"));
    }
}
