package io.ferry.dms.rules;

import io.ferry.common.TableId;
import java.util.Optional;

/**
 * A {@code table-settings} rule: one table's LOB settings and parallel load. The source reads the
 * LOB settings; Ferry's parallel full load reads {@code parallel-load}.
 */
public record TableSettingsRule(
        int ruleId,
        ObjectLocator locator,
        Optional<LobSettings> lob,
        Optional<ParallelLoad> parallelLoad) {

    public boolean matches(TableId table) {
        return locator.matchesTable(table);
    }
}
