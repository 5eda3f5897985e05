package io.ferry.dms.rules;

import io.ferry.common.TableId;
import java.util.List;

/** A {@code selection} rule. Filters belong to {@code include} rules only. */
public record SelectionRule(
        int ruleId,
        Action action,
        ObjectLocator locator,
        TableType tableType,
        Integer loadOrder,
        List<SourceFilter> filters) {

    /** {@code rule-action} of a selection rule. */
    public enum Action {
        INCLUDE,
        EXCLUDE,
        EXPLICIT
    }

    /** {@code object-locator.table-type}. */
    public enum TableType {
        TABLE,
        VIEW,
        ALL
    }

    public boolean matches(TableId table) {
        return locator.matchesTable(table);
    }
}
