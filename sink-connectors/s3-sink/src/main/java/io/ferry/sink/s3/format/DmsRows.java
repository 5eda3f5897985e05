package io.ferry.sink.s3.format;

import io.ferry.common.ChangeRecord;
import io.ferry.common.Operation;
import io.ferry.common.UnavailableValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The row DMS writes for a change: the {@code Op} column first ({@code I}, {@code U} with the after
 * image, {@code D} with the before image) as DMS's op-column matrix says, then the timestamp column
 * when named (transfer time for full load, commit time for CDC), then the table's columns.
 */
public final class DmsRows {
    public static final String OP = "Op";

    private final boolean opForFullLoad;
    private final boolean insertsOnly;
    private final boolean insertsAndUpdates;
    private final String timestampColumn;
    private final String noSupValue;

    /**
     * @param noSupValue the text written for a column the change does not carry (DMS
     *     CsvNoSupValue), or null to refuse such a change
     */
    public DmsRows(
            boolean opForFullLoad,
            boolean insertsOnly,
            boolean insertsAndUpdates,
            String timestampColumn,
            String noSupValue) {
        this.opForFullLoad = opForFullLoad;
        this.insertsOnly = insertsOnly;
        this.insertsAndUpdates = insertsAndUpdates;
        this.timestampColumn = timestampColumn;
        this.noSupValue = noSupValue;
    }

    /** A row's columns: names, Connect schemas (null when schemaless) and values as they came. */
    public record Row(List<String> names, List<Schema> schemas, List<Object> values) {
        /** The values as CSV text, null for SQL NULL. */
        public List<String> texts() {
            List<String> texts = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                texts.add(CellText.of(schemas.get(i), values.get(i)));
            }
            return texts;
        }
    }

    /** The row for a change, or empty when DMS writes none for it (a filtered op, a tombstone). */
    public Optional<Row> row(ChangeRecord change, Instant transferTime) {
        Operation op = change.operation();
        boolean fullLoad = op == Operation.READ;
        Object image = op == Operation.DELETE ? change.before() : change.after();
        if (image == null || op.dmsCode() == null || !wanted(op)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (fullLoad ? opForFullLoad : (!insertsOnly || opForFullLoad)) {
            names.add(OP);
            schemas.add(Schema.STRING_SCHEMA);
            values.add(op.dmsCode());
        }
        if (!timestampColumn.isEmpty()) {
            Instant time = fullLoad ? transferTime : change.commitTime().orElse(transferTime);
            names.add(timestampColumn);
            schemas.add(Schema.STRING_SCHEMA);
            values.add(CellText.TIMESTAMP.format(time.atOffset(ZoneOffset.UTC)));
        }
        int first = values.size();
        columns(image, names, schemas, values);
        for (int i = first; i < values.size(); i++) {
            if (UnavailableValues.isPlaceholder(values.get(i))) {
                unavailable(change, names.get(i));
                schemas.set(i, Schema.STRING_SCHEMA);
                values.set(i, noSupValue);
            }
        }
        return Optional.of(new Row(names, schemas, values));
    }

    /**
     * A column Debezium could not read from the source log (an unchanged TOAST value) has no value
     * to write: DMS's CsvNoSupValue marks it when set; otherwise the change is refused rather than
     * written with a value the row does not have.
     */
    private void unavailable(ChangeRecord change, String column) {
        if (noSupValue == null) {
            throw new DataException(
                    "column "
                            + column
                            + " of "
                            + change.source().map(Object::toString).orElse("the table")
                            + " is not in the change (unchanged in the source log, and not"
                            + " re-selected); set use.csv.no.sup.value=true and csv.no.sup.value"
                            + " (CSV) to write a marker for it");
        }
    }

    private boolean wanted(Operation op) {
        if (op == Operation.READ || op == Operation.CREATE) {
            return true;
        }
        if (insertsOnly) {
            return false;
        }
        return !(insertsAndUpdates && op == Operation.DELETE);
    }

    private static void columns(
            Object image, List<String> names, List<Schema> schemas, List<Object> values) {
        if (image instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                names.add(field.name());
                schemas.add(field.schema());
                values.add(struct.get(field));
            }
        } else if (image instanceof Map<?, ?> map) {
            map.forEach(
                    (name, value) -> {
                        names.add(String.valueOf(name));
                        schemas.add(null);
                        values.add(value);
                    });
        }
    }
}
