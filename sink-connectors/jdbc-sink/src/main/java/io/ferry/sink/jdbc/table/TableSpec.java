package io.ferry.sink.jdbc.table;

import io.ferry.common.SourceColumnTypes;
import io.ferry.common.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The shape a batch writes to one table: every column its records carry, in the order first seen,
 * and the key columns. Rows are read into arrays in this column order.
 */
public final class TableSpec {
    private final TableId table;
    private final List<Column> columns;
    private final List<String> keyColumns;
    private final Map<String, Integer> positions = new HashMap<>();
    private final int[] keyPositions;

    public TableSpec(TableId table, List<Column> columns, List<String> keyColumns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        keyPositions = keyColumns.stream().mapToInt(positions::get).toArray();
    }

    public TableId table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public boolean hasKey() {
        return !keyColumns.isEmpty();
    }

    public List<Column> keys() {
        List<Column> keys = new ArrayList<>(keyPositions.length);
        for (int position : keyPositions) {
            keys.add(columns.get(position));
        }
        return keys;
    }

    /** The non-key columns, the ones an upsert updates. */
    public List<Column> values() {
        return columns.stream().filter(c -> !keyColumns.contains(c.name())).toList();
    }

    public boolean isKey(String column) {
        return keyColumns.contains(column);
    }

    /** The row's values in column order; columns the row lacks are null. */
    public Object[] row(Struct row) {
        Object[] values = new Object[columns.size()];
        for (Field field : row.schema().fields()) {
            Integer position = positions.get(field.name());
            if (position != null) {
                values[position] = row.get(field);
            }
        }
        return values;
    }

    /** Collects the columns of a batch's rows for one table. */
    public static final class Builder {
        private final TableId table;
        private final Map<String, Column> columns = new LinkedHashMap<>();

        /** Row schemas already read: a batch's rows mostly share one. */
        private final Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        private List<String> keyColumns;

        public Builder(TableId table) {
            this.table = table;
        }

        public Builder keys(List<String> names) {
            if (keyColumns == null) {
                keyColumns = names;
            }
            return this;
        }

        public Builder row(Struct row) {
            if (row != null && seen.add(row.schema())) {
                for (Field field : row.schema().fields()) {
                    column(field.name(), field.schema());
                }
            }
            return this;
        }

        /**
         * A column's first schema in the batch, or a later one declaring a longer character length
         * (the source widened it between two rows): the table must hold the batch's longest.
         */
        public Builder column(String name, Schema schema) {
            Column known = columns.get(name);
            if (known == null || longer(schema, known.schema())) {
                columns.put(name, new Column(name, schema));
            }
            return this;
        }

        private static boolean longer(Schema schema, Schema than) {
            OptionalInt length = SourceColumnTypes.characterLength(schema);
            return length.isPresent()
                    && length.getAsInt() > SourceColumnTypes.characterLength(than).orElse(0);
        }

        public boolean has(String column) {
            return columns.containsKey(column);
        }

        public List<String> keyColumns() {
            return keyColumns == null ? List.of() : keyColumns;
        }

        public TableSpec build() {
            return new TableSpec(table, new ArrayList<>(columns.values()), keyColumns());
        }
    }
}
