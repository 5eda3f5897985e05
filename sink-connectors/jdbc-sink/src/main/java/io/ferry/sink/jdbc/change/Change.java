package io.ferry.sink.jdbc.change;

import io.ferry.common.TableId;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One row change bound for one target table, read from a record. An update that moves a row to a
 * new key is read as two changes (delete the old key, upsert the new), both of the same record.
 *
 * @param record the record it came from, for offsets and error reports
 * @param table the target table
 * @param kind what to do
 * @param row the row to write (upsert), or the row being deleted when known (delete)
 * @param before the before image of an update, to find the row in a table without a key
 * @param key the key column values, in key column order; empty for a table without a key
 * @param insert true when the row did not exist before this change (snapshot or insert)
 */
public record Change(
        SinkRecord record,
        TableId table,
        Kind kind,
        Struct row,
        Struct before,
        List<Object> key,
        boolean insert) {

    /** What a change does to its table. */
    public enum Kind {
        UPSERT,
        DELETE,
        /** Every row of the table goes (a captured TRUNCATE). */
        TRUNCATE,
        /**
         * The table is created and prepared, nothing written: the source's announcement of a
         * selected table before its full load, so an empty one exists too. Shapes the table only.
         */
        PREPARE
    }
}
