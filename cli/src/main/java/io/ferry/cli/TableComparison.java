package io.ferry.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares one source table with its migrated copy, DMS's data validation done to the exact key.
 * Between two databases of one engine, the source's key order is cut into ranges of {@link #CHUNK}
 * rows and each range's count and {@link RangeChecksum} are computed in both databases; only ranges
 * that differ are read. Rows are compared by looking each source row up in the target by its key
 * values, and each target key up in the source — never by ranges alone, so the two databases'
 * collations need not agree — and values compare as {@link CanonicalValue}s, so the engines need
 * not either. Across engines every row is compared that way, a keyset page at a time.
 */
final class TableComparison {
    /** Rows per chunk: one keyset page, and one {@code IN} list. */
    static final int CHUNK = 500;

    /** Rows of a table without a key listed per kind of difference (all are counted). */
    static final int LISTED_ROWS = 1_000;

    private final ComparedTable table;
    private final Side source;
    private final Side target;
    private final List<String> keys;
    private final List<String> columns;
    private final Optional<RangeChecksum> checksum;

    /**
     * What the comparison found; keys are the primary-key values as text (for a table without a
     * key, the whole row's values, up to {@link #LISTED_ROWS}).
     *
     * @param missingRows rows of the source the target lacks (more than listed for keyless tables)
     * @param extraRows rows of the target the source lacks
     * @param notes what was not compared, and why
     * @param problems differences of the tables themselves (no copy, a column it lacks)
     * @param skipped why the table was not compared at all, or null
     */
    record Report(
            TableName source,
            TableName target,
            long sourceRows,
            long targetRows,
            List<List<String>> missing,
            List<List<String>> extra,
            Map<List<String>, List<String>> changed,
            int rangesEqual,
            int rangesCompared,
            long missingRows,
            long extraRows,
            boolean keyless,
            List<String> notes,
            List<String> problems,
            String skipped) {
        /** Equal: no row missing, extra or changed, and as many rows on each side. */
        boolean same() {
            return missingRows == 0
                    && extraRows == 0
                    && changed.isEmpty()
                    && problems.isEmpty()
                    && sourceRows == targetRows;
        }

        boolean compared() {
            return skipped == null;
        }
    }

    /**
     * One database and table, with that database's quoting and its spelling of each column (a
     * migrated table may have renamed or lower-cased names), keyed by the source's name.
     */
    private record Side(
            Connection connection, TableName table, Identifiers ids, Map<String, String> names) {
        String column(String sourceName) {
            return ids.quote(names.get(sourceName));
        }
    }

    /** Source and copy matched by column name (any case). */
    TableComparison(
            Connection source, TableName sourceTable, Connection target, TableName targetTable)
            throws SQLException {
        this(
                source,
                target,
                ComparedTable.byName(
                        source.getMetaData(), sourceTable, target.getMetaData(), targetTable));
    }

    TableComparison(Connection source, Connection target, ComparedTable table) throws SQLException {
        this.table = table;
        Map<String, String> sourceNames = new LinkedHashMap<>();
        Map<String, String> targetNames = new LinkedHashMap<>();
        table.columns()
                .forEach(
                        (column, copy) -> {
                            sourceNames.put(column, column);
                            targetNames.put(column, copy);
                        });
        this.source =
                new Side(
                        source, table.source(), new Identifiers(source.getMetaData()), sourceNames);
        this.target =
                new Side(
                        target, table.target(), new Identifiers(target.getMetaData()), targetNames);
        this.keys = table.keys();
        this.columns = List.copyOf(table.columns().keySet());
        this.checksum = RangeChecksum.between(source, target);
    }

    /**
     * Between two databases of one engine, key ranges of {@link #CHUNK} source rows are first
     * compared by a checksum computed in each database, and only differing ranges row by row;
     * otherwise every row is compared.
     */
    Report compare() throws SQLException {
        if (table.skipped() != null || table.columns().isEmpty()) {
            return new Report(
                    table.source(),
                    table.target(),
                    table.skipped() != null ? 0 : count(source),
                    0,
                    List.of(),
                    List.of(),
                    Map.of(),
                    0,
                    0,
                    0,
                    0,
                    keys.isEmpty(),
                    table.notes(),
                    table.problems(),
                    table.skipped());
        }
        if (keys.isEmpty()) {
            return compareMultisets();
        }
        return checksum.isPresent() ? compareByRanges(checksum.get()) : compareEveryRow();
    }

    private Report compareByRanges(RangeChecksum sums) throws SQLException {
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        Map<List<String>, List<String>> changed = new LinkedHashMap<>();
        int equal = 0;
        int compared = 0;
        List<Object> after = null;
        while (true) {
            List<Object> upTo = boundary(after);
            if (sums(source, sums, after, upTo).equals(sums(target, sums, after, upTo))) {
                equal++;
            } else {
                compared++;
                Map<List<String>, Row> rows = range(source, columns, after, upTo);
                compareRows(rows, lookup(target, columns, rows.values()), missing, changed);
                Map<List<String>, Row> targetKeys = range(target, keys, after, upTo);
                List<Row> batch = new ArrayList<>();
                for (Row row : targetKeys.values()) {
                    batch.add(row);
                    if (batch.size() == CHUNK) {
                        extra.addAll(absent(batch));
                        batch.clear();
                    }
                }
                extra.addAll(absent(batch));
            }
            if (upTo == null) {
                break;
            }
            after = upTo;
        }
        return report(missing, extra, changed, equal, compared);
    }

    private Report report(
            List<List<String>> missing,
            List<List<String>> extra,
            Map<List<String>, List<String>> changed,
            int rangesEqual,
            int rangesCompared)
            throws SQLException {
        return new Report(
                source.table(),
                target.table(),
                count(source),
                count(target),
                missing,
                extra,
                changed,
                rangesEqual,
                rangesCompared,
                missing.size(),
                extra.size(),
                false,
                table.notes(),
                table.problems(),
                null);
    }

    /**
     * A table without a key: every row of each side hashed (SHA-256 of its canonical values), the
     * two multisets of hashes compared, and the differing rows read again to list them.
     */
    private Report compareMultisets() throws SQLException {
        Map<RowHash, Long> balance = new java.util.HashMap<>();
        long sourceRows = scan(source, row -> balance.merge(RowHash.of(row), 1L, Long::sum));
        long targetRows = scan(target, row -> balance.merge(RowHash.of(row), -1L, Long::sum));
        balance.values().removeIf(n -> n == 0);
        long missingRows = balance.values().stream().filter(n -> n > 0).mapToLong(n -> n).sum();
        long extraRows = -balance.values().stream().filter(n -> n < 0).mapToLong(n -> n).sum();
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        if (!balance.isEmpty()) {
            Map<RowHash, Long> listed = new java.util.HashMap<>(balance);
            scan(source, row -> list(row, listed, 1, missing));
            scan(target, row -> list(row, listed, -1, extra));
        }
        return new Report(
                source.table(),
                target.table(),
                sourceRows,
                targetRows,
                missing,
                extra,
                Map.of(),
                0,
                0,
                missingRows,
                extraRows,
                true,
                table.notes(),
                table.problems(),
                null);
    }

    /** Lists a row once for each time its side has it more often than the other side. */
    private static void list(
            List<String> row, Map<RowHash, Long> left, int sign, List<List<String>> into) {
        RowHash hash = RowHash.of(row);
        Long n = left.get(hash);
        if (n != null && Long.signum(n) == sign && into.size() < LISTED_ROWS) {
            into.add(row);
            left.put(hash, n - sign);
        }
    }

    /** Every row of a side as canonical text, in column order; returns the count. */
    private long scan(Side side, java.util.function.Consumer<List<String>> each)
            throws SQLException {
        String sql =
                "SELECT "
                        + columns.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table());
        Connection connection = side.connection();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams a result only in a transaction
        long rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(CHUNK);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<String> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(CanonicalValue.of(CanonicalValue.read(result, i)));
                    }
                    each.accept(row);
                    rows++;
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return rows;
    }

    /** 128 bits of a row's SHA-256: rows of equal canonical values hash alike. */
    private record RowHash(long high, long low) {
        static RowHash of(List<String> row) {
            try {
                java.security.MessageDigest digest =
                        java.security.MessageDigest.getInstance("SHA-256");
                for (String value : row) {
                    // Each value's length first (-1: NULL), so no value can run into the next.
                    byte[] bytes =
                            value == null
                                    ? new byte[0]
                                    : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    digest.update(
                            java.nio.ByteBuffer.allocate(4)
                                    .putInt(value == null ? -1 : bytes.length)
                                    .array());
                    digest.update(bytes);
                }
                java.nio.ByteBuffer hash = java.nio.ByteBuffer.wrap(digest.digest());
                return new RowHash(hash.getLong(), hash.getLong());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The key of the {@link #CHUNK}-th source row after {@code after}; null when fewer remain. */
    private List<Object> boundary(List<Object> after) throws SQLException {
        String keyList = keys.stream().map(source::column).collect(Collectors.joining(", "));
        String sql =
                "SELECT "
                        + keyList
                        + " FROM "
                        + source.ids().table(source.table())
                        + where(source, after, null)
                        + " ORDER BY "
                        + keyList
                        + " LIMIT 1 OFFSET "
                        + (CHUNK - 1);
        try (PreparedStatement statement = source.connection().prepareStatement(sql)) {
            bind(statement, after, null);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                List<Object> key = new ArrayList<>();
                for (int i = 1; i <= keys.size(); i++) {
                    key.add(result.getObject(i));
                }
                return key;
            }
        }
    }

    private List<String> sums(Side side, RangeChecksum sums, List<Object> after, List<Object> upTo)
            throws SQLException {
        String sql =
                "SELECT "
                        + sums.aggregate(columns.stream().map(side::column).toList())
                        + " FROM "
                        + side.ids().table(side.table())
                        + where(side, after, upTo);
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            bind(statement, after, upTo);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return List.of(result.getString(1), result.getString(2));
            }
        }
    }

    /** The rows of a key range on one side, in that side's key order. */
    private Map<List<String>, Row> range(
            Side side, List<String> select, List<Object> after, List<Object> upTo)
            throws SQLException {
        String sql =
                "SELECT "
                        + select.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table())
                        + where(side, after, upTo);
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            bind(statement, after, upTo);
            return rows(statement, select);
        }
    }

    /** The keys among these target rows that the source lacks. */
    private List<List<String>> absent(List<Row> targetRows) throws SQLException {
        if (targetRows.isEmpty()) {
            return List.of();
        }
        Map<List<String>, Row> found = lookup(source, keys, targetRows);
        List<List<String>> absent = new ArrayList<>();
        for (Row row : targetRows) {
            List<String> key = row.keyValues().stream().map(CanonicalValue::of).toList();
            if (!found.containsKey(key)) {
                absent.add(key);
            }
        }
        return absent;
    }

    private String where(Side side, List<Object> after, List<Object> upTo) {
        String keyList = keys.stream().map(side::column).collect(Collectors.joining(", "));
        List<String> conditions = new ArrayList<>();
        if (after != null) {
            conditions.add("(" + keyList + ") > (" + marks(keys.size()) + ")");
        }
        if (upTo != null) {
            conditions.add("(" + keyList + ") <= (" + marks(keys.size()) + ")");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(PreparedStatement statement, List<Object> after, List<Object> upTo)
            throws SQLException {
        int index = 1;
        for (List<Object> key : java.util.Arrays.asList(after, upTo)) {
            if (key != null) {
                for (Object value : key) {
                    statement.setObject(index++, value);
                }
            }
        }
    }

    private void compareRows(
            Map<List<String>, Row> rows,
            Map<List<String>, Row> copies,
            List<List<String>> missing,
            Map<List<String>, List<String>> changed) {
        for (Map.Entry<List<String>, Row> row : rows.entrySet()) {
            Row copy = copies.get(row.getKey());
            if (copy == null) {
                missing.add(row.getKey());
            } else {
                List<String> differing = row.getValue().differingColumns(copy, columns);
                if (!differing.isEmpty()) {
                    changed.put(row.getKey(), differing);
                }
            }
        }
    }

    private Report compareEveryRow() throws SQLException {
        List<List<String>> missing = new ArrayList<>();
        Map<List<String>, List<String>> changed = new LinkedHashMap<>();
        List<Object> after = null;
        while (true) {
            Map<List<String>, Row> page = page(source, columns, after);
            if (page.isEmpty()) {
                break;
            }
            compareRows(page, lookup(target, columns, page.values()), missing, changed);
            after = last(page).keyValues;
        }
        List<List<String>> extra = new ArrayList<>();
        after = null;
        while (true) {
            Map<List<String>, Row> page = page(target, keys, after);
            if (page.isEmpty()) {
                break;
            }
            Map<List<String>, Row> found = lookup(source, keys, page.values());
            page.keySet().stream().filter(k -> !found.containsKey(k)).forEach(extra::add);
            after = last(page).keyValues;
        }
        return report(missing, extra, changed, 0, 0);
    }

    /** A row: its key values as given to the database, and canonical text per column. */
    private record Row(List<Object> keyValues, Map<String, String> values) {
        List<String> differingColumns(Row other, List<String> names) {
            return names.stream()
                    .filter(n -> !java.util.Objects.equals(values.get(n), other.values.get(n)))
                    .toList();
        }
    }

    private Map<List<String>, Row> page(Side side, List<String> select, List<Object> after)
            throws SQLException {
        String keyList = keys.stream().map(side::column).collect(Collectors.joining(", "));
        String sql =
                "SELECT "
                        + select.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table())
                        + (after == null
                                ? ""
                                : " WHERE (" + keyList + ") > (" + marks(keys.size()) + ")")
                        + " ORDER BY "
                        + keyList
                        + " LIMIT "
                        + CHUNK;
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            if (after != null) {
                for (int i = 0; i < after.size(); i++) {
                    statement.setObject(i + 1, after.get(i));
                }
            }
            return rows(statement, select);
        }
    }

    private Map<List<String>, Row> lookup(Side side, List<String> select, Iterable<Row> wanted)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        wanted.forEach(rows::add);
        if (rows.isEmpty()) {
            return new LinkedHashMap<>(); // "IN ()" is no SQL
        }
        String keyList = keys.stream().map(side::column).collect(Collectors.joining(", "));
        String tuple = "(" + marks(keys.size()) + ")";
        String sql =
                "SELECT "
                        + select.stream().map(side::column).collect(Collectors.joining(", "))
                        + " FROM "
                        + side.ids().table(side.table())
                        + " WHERE ("
                        + keyList
                        + ") IN ("
                        + String.join(", ", Collections.nCopies(rows.size(), tuple))
                        + ")";
        try (PreparedStatement statement = side.connection().prepareStatement(sql)) {
            int index = 1;
            for (Row row : rows) {
                for (Object value : row.keyValues()) {
                    statement.setObject(index++, value);
                }
            }
            return rows(statement, select);
        }
    }

    private Map<List<String>, Row> rows(PreparedStatement statement, List<String> select)
            throws SQLException {
        Map<List<String>, Row> rows = new LinkedHashMap<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<Object> keyValues = new ArrayList<>();
                List<String> keyText = new ArrayList<>();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < select.size(); i++) {
                    Object value = CanonicalValue.read(result, i + 1);
                    values.put(select.get(i), CanonicalValue.of(value));
                }
                for (String key : keys) {
                    Object value = CanonicalValue.read(result, select.indexOf(key) + 1);
                    keyValues.add(value);
                    keyText.add(CanonicalValue.of(value));
                }
                rows.put(keyText, new Row(keyValues, values));
            }
        }
        return rows;
    }

    private static Row last(Map<List<String>, Row> page) {
        Row last = null;
        for (Row row : page.values()) {
            last = row;
        }
        return last;
    }

    private static long count(Side side) throws SQLException {
        try (Statement statement = side.connection().createStatement();
                ResultSet result =
                        statement.executeQuery(
                                "SELECT COUNT(*) FROM " + side.ids().table(side.table()))) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
