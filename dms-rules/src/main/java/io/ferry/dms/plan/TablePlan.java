package io.ferry.dms.plan;

import io.ferry.common.TableId;
import io.ferry.dms.rules.TransformationRule;
import java.util.List;

/**
 * Everything the mapping decides for one source table, computed once: whether it is selected, the
 * row filters of the include rules that selected it (any one passing keeps a row), the target name,
 * and the column plan.
 */
public final class TablePlan {
    private final boolean selected;
    private final List<RowFilter> filters;
    private final TableId target;
    private final ColumnPlan columns;
    private final List<AddedColumn> added;
    private final List<String> keyColumns;
    private final TransformationRule beforeImage;

    TablePlan(
            boolean selected,
            List<RowFilter> filters,
            TableId target,
            ColumnPlan columns,
            List<AddedColumn> added,
            List<String> keyColumns,
            TransformationRule beforeImage) {
        this.selected = selected;
        this.filters = filters;
        this.target = target;
        this.columns = columns;
        this.added = added;
        this.keyColumns = keyColumns;
        this.beforeImage = beforeImage;
    }

    /**
     * True when an add-column rule of this table calls operation_indicator: deletes then become
     * updates that flag the row, and tombstones are dropped, as DMS keeps soft-deleted rows.
     */
    public boolean softDelete() {
        return added.stream().anyMatch(AddedColumn::softDelete);
    }

    /** The add-before-image-columns rule for this table, or null. */
    public TransformationRule beforeImage() {
        return beforeImage;
    }

    /** Source columns a define-primary-key rule makes the key; empty keeps the record's key. */
    public List<String> keyColumns() {
        return keyColumns;
    }

    public boolean selected() {
        return selected;
    }

    /** Whether source filters decide which of the table's rows are migrated. */
    public boolean filtered() {
        return !filters.isEmpty();
    }

    /** Whether a row image (Struct or Map) passes the source filters. */
    public boolean accepts(Object row) {
        if (filters.isEmpty()) {
            return true;
        }
        for (RowFilter filter : filters) {
            if (filter.test(row)) {
                return true;
            }
        }
        return false;
    }

    public TableId target() {
        return target;
    }

    public ColumnPlan columns() {
        return columns;
    }

    /** Columns that {@code add-column} rules append to every row image, in rule-id order. */
    public List<AddedColumn> added() {
        return added;
    }
}
