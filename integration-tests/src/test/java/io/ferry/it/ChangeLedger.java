package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a table's change events, in order, onto a starting state of {@code id → n} — where every
 * update adds one to {@code n} — and fails on the first event that shows a lost or a repeated
 * change: an update that does not add exactly one, an insert of a row already there, a delete of
 * one that is not, a second snapshot read of a row.
 */
final class ChangeLedger {
    private final Map<Integer, Integer> rows;

    ChangeLedger(Map<Integer, Integer> start) {
        this.rows = new TreeMap<>(start);
    }

    /** One JSON-converted Debezium value (with or without its schema); tombstones are skipped. */
    void apply(JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        JsonNode event = value.has("payload") ? value.get("payload") : value;
        String op = event.get("op").asText();
        JsonNode after = event.get("after");
        JsonNode before = event.get("before");
        switch (op) {
            case "r", "c" -> {
                int id = after.get("id").asInt();
                Integer previous = rows.put(id, after.get("n").asInt());
                if (previous != null) {
                    throw new AssertionError("row " + id + " arrived twice (" + op + "): " + event);
                }
            }
            case "u" -> {
                int id = after.get("id").asInt();
                Integer previous = rows.get(id);
                int n = after.get("n").asInt();
                if (previous == null || n != previous + 1) {
                    throw new AssertionError(
                            "update of "
                                    + id
                                    + " to "
                                    + n
                                    + " after "
                                    + previous
                                    + ": a change was lost or repeated");
                }
                rows.put(id, n);
            }
            case "d" -> {
                int id = before.get("id").asInt();
                if (rows.remove(id) == null) {
                    throw new AssertionError("delete of " + id + ", which is not there");
                }
            }
            case "p" -> {} // the table's announcement before its load: no row
            default -> throw new AssertionError("unexpected op " + op);
        }
    }

    Map<Integer, Integer> rows() {
        return rows;
    }
}
