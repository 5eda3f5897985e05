package io.ferry.dms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.dms.rules.ParallelLoad.BoundValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses a {@code table-settings} rule's {@code parallel-load}. Keys it does not know are ignored,
 * as elsewhere in a rule; MongoDB's autosegmentation keys are refused, since Ferry reads no MongoDB
 * and keeping them would suggest they take effect.
 */
final class ParallelLoadParser {
    private static final String FIELD = "parallel-load";
    private static final int MAX_COLUMNS = 10;
    private static final List<String> MONGO_ONLY =
            List.of(
                    "number-of-partitions",
                    "collection-count-from-metadata",
                    "max-records-skip-per-page",
                    "batch-size");

    private ParallelLoadParser() {}

    static Optional<ParallelLoad> parse(RuleReader r) {
        JsonNode node = r.node(FIELD);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw r.error(FIELD, "must be an object");
        }
        for (String key : MONGO_ONLY) {
            if (node.has(key)) {
                throw r.error(
                        FIELD + "." + key,
                        "applies only to MongoDB and Amazon DocumentDB sources, which Ferry does"
                                + " not read");
            }
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw r.error(FIELD + ".type", "is missing");
        }
        String text = type.isTextual() ? type.asText() : type.toString();
        return Optional.of(
                switch (text) {
                    case "partitions-auto" -> new ParallelLoad.PartitionsAuto();
                    case "subpartitions-auto" -> new ParallelLoad.SubpartitionsAuto();
                    case "partitions-list" -> partitionsList(r, node);
                    case "ranges" -> ranges(r, node);
                    case "none" -> new ParallelLoad.None();
                    default ->
                            throw r.error(
                                    FIELD + ".type",
                                    "is '"
                                            + text
                                            + "'; expected partitions-auto, subpartitions-auto,"
                                            + " partitions-list, ranges or none");
                });
    }

    private static ParallelLoad partitionsList(RuleReader r, JsonNode node) {
        List<String> partitions = names(r, node, "partitions");
        List<String> subpartitions = names(r, node, "subpartitions");
        if (partitions.isEmpty() && subpartitions.isEmpty()) {
            throw r.error(
                    FIELD + ".partitions",
                    "is missing: partitions-list needs the partitions (or Oracle subpartitions)"
                            + " to load");
        }
        return new ParallelLoad.PartitionsList(partitions, subpartitions);
    }

    private static ParallelLoad ranges(RuleReader r, JsonNode node) {
        if (node.get("columns") == null || node.get("columns").isNull()) {
            throw r.error(FIELD + ".columns", "is missing");
        }
        List<String> columns = names(r, node, "columns");
        if (columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            throw r.error(
                    FIELD + ".columns",
                    "names " + columns.size() + " columns; ranges takes 1 to " + MAX_COLUMNS);
        }
        List<List<BoundValue>> boundaries = boundaries(r, node.get("boundaries"), columns.size());
        List<String> segmentNames = names(r, node, "segment-names");
        // DMS's S3 example names 3 segments for 2 boundaries: one name per segment.
        if (!segmentNames.isEmpty() && segmentNames.size() != boundaries.size() + 1) {
            throw r.error(
                    FIELD + ".segment-names",
                    "has "
                            + segmentNames.size()
                            + " names for "
                            + (boundaries.size() + 1)
                            + " segments; give one per segment (boundaries + 1)");
        }
        return new ParallelLoad.Ranges(columns, boundaries, segmentNames);
    }

    /** An optional array of names; empty when absent. */
    private static List<String> names(RuleReader r, JsonNode node, String key) {
        JsonNode array = node.get(key);
        String path = FIELD + "." + key;
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw r.error(path, "must be an array of names");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode name = array.get(i);
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw r.error(path + "[" + i + "]", "must be a name, not " + name);
            }
            names.add(name.asText());
        }
        return List.copyOf(names);
    }

    private static List<List<BoundValue>> boundaries(RuleReader r, JsonNode array, int width) {
        String path = FIELD + ".boundaries";
        if (array == null || array.isNull()) {
            throw r.error(path, "is missing");
        }
        if (!array.isArray() || array.isEmpty()) {
            throw r.error(path, "must be a non-empty array of boundaries");
        }
        List<List<BoundValue>> bounds = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode bound = array.get(i);
            if (!bound.isArray() || bound.size() != width) {
                String has = bound.isArray() ? "it has " + bound.size() : "it is not an array";
                throw r.error(at, "needs " + width + " values, one per column; " + has);
            }
            List<BoundValue> values = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                values.add(value(r, bound.get(j), at + "[" + j + "]"));
            }
            Integer order = i == 0 ? null : order(bounds.get(i - 1), values);
            if (order != null && order >= 0) {
                throw r.error(
                        at, "is not above boundaries[" + (i - 1) + "]; boundaries must ascend");
            }
            bounds.add(List.copyOf(values));
        }
        return List.copyOf(bounds);
    }

    private static BoundValue value(RuleReader r, JsonNode value, String path) {
        if (value.isTextual()) {
            return new BoundValue(value.asText(), false);
        }
        if (value.isNumber()) {
            // A fraction arrives as a double: past ~17 digits write the bound as a string.
            String text =
                    value.isIntegralNumber()
                            ? value.bigIntegerValue().toString()
                            : value.decimalValue().toPlainString();
            return new BoundValue(text, true);
        }
        throw r.error(
                path,
                "must be a string or a number, not "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    /**
     * How {@code a} compares with {@code b}, lexicographically, or null when it cannot be known
     * here: equal texts are equal values and numbers compare as numbers; anything else depends on
     * the column's type.
     */
    private static Integer order(List<BoundValue> a, List<BoundValue> b) {
        for (int i = 0; i < a.size(); i++) {
            BoundValue x = a.get(i);
            BoundValue y = b.get(i);
            if (x.text().equals(y.text())) {
                continue;
            }
            if (!(x.number() && y.number())) {
                return null;
            }
            int c = new BigDecimal(x.text()).compareTo(new BigDecimal(y.text()));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
