package io.ferry.sink.jdbc.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MariaDbRowBudgetTest {
    @Test
    void theWidestNonKeyVarcharsBecomeLongtextUntilTheRowFits() {
        // 72,084 bytes at most: the widest non-key varchar alone goes to longtext.
        List<String> types =
                List.of("varchar(10)", "varchar(6000)", "varchar(6001)", "varchar(6000)", "int");
        List<Boolean> keys = List.of(true, false, false, false, false);
        assertEquals(
                List.of("varchar(10)", "varchar(6000)", "longtext", "varchar(6000)", "int"),
                MariaDbRowBudget.fitted(types, keys));
        List<String> small = List.of("varchar(10)", "varchar(100)", "longtext");
        assertEquals(small, MariaDbRowBudget.fitted(small, List.of(true, false, false)));
    }

    @Test
    void aKeysVarcharsShareItsBytesInProportion() {
        List<Boolean> keys = List.of(true, true, true, false);
        // 3,072 bytes less the bigint's 8 leave 766 characters, shared 1:3.
        assertEquals(
                List.of("varchar(191)", "varchar(574)", "bigint", "varchar(9000)"),
                MariaDbRowBudget.keyFitted(
                        List.of("varchar(400)", "varchar(1200)", "bigint", "varchar(9000)"), keys));
        List<String> fits = List.of("varchar(100)", "varchar(600)", "bigint", "longtext");
        assertEquals(fits, MariaDbRowBudget.keyFitted(fits, keys));
    }

    @Test
    void anExistingColumnWidensWithinTheRowAndTheKey() {
        MariaDbRowBudget.Existing key = new MariaDbRowBudget.Existing("varchar(384)", true);
        MariaDbRowBudget.Existing other = new MariaDbRowBudget.Existing("varchar(384)", true);
        MariaDbRowBudget.Existing note = new MariaDbRowBudget.Existing("varchar(20)", false);
        MariaDbRowBudget.Existing text = new MariaDbRowBudget.Existing("longtext", false);
        List<MariaDbRowBudget.Existing> table = List.of(key, other, note, text);
        // The key is full: a key column declared longer stays as it is.
        assertEquals(Optional.empty(), MariaDbRowBudget.widened(table, key, "varchar(600)"));
        assertEquals(
                Optional.of("varchar(40)"), MariaDbRowBudget.widened(table, note, "varchar(40)"));
        assertEquals(Optional.empty(), MariaDbRowBudget.widened(table, note, "varchar(10)"));
        assertEquals(Optional.empty(), MariaDbRowBudget.widened(table, text, "varchar(40)"));
        assertEquals(
                Optional.of("longtext"), MariaDbRowBudget.widened(table, note, "varchar(16000)"));
        MariaDbRowBudget.Existing half = new MariaDbRowBudget.Existing("varchar(300)", true);
        // 684 key characters of 768: 84 more for this one.
        assertEquals(
                Optional.of("varchar(384)"),
                MariaDbRowBudget.widened(List.of(half, other), half, "varchar(768)"));
    }
}
