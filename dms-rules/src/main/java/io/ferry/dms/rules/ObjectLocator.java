package io.ferry.dms.rules;

import io.ferry.common.TableId;

/** A rule's {@code object-locator}; absent parts are null. */
public record ObjectLocator(
        NamePattern schema, NamePattern table, NamePattern column, String dataType) {

    public boolean matchesSchema(String name) {
        return schema.matches(name);
    }

    public boolean matchesTable(TableId id) {
        return schema.matches(id.schema()) && table != null && table.matches(id.table());
    }

    public boolean matchesColumn(TableId id, String column) {
        return matchesTable(id) && this.column != null && this.column.matches(column);
    }
}
