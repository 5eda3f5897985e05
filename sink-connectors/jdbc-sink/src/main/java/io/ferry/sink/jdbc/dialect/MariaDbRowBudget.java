package io.ferry.sink.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * InnoDB's limits on what a table declares: a row's columns, LOBs aside, within 65,535 bytes; what
 * stays in the page within half a 16 KB page; a primary key within 3,072 bytes. A varchar counts
 * its longest value in utf8mb4 (4 bytes a character); other types what they take at most, a little
 * over where unsure. Columns that would not fit become {@code longtext}, stored apart. The model is
 * meant to be generous; where the server still refuses a table, the sink creates it with every
 * non-key string unbounded instead.
 */
final class MariaDbRowBudget {
    static final int ROW_BYTES = 65_535;
    static final int KEY_BYTES = 3_072;

    /** A LOB's pointer in the row. */
    private static final int LOB_BYTES = 12;

    /** At most what a number, date or time takes (decimal(65,30): 30 bytes). */
    private static final int OTHER_BYTES = 32;

    /** The row's own overhead beyond its null flags, counted generously. */
    private static final int ROW_MARGIN = 64;

    /** InnoDB's in-page row limit with 16 KB pages (8,126 bytes), less its headers, generously. */
    static final int PAGE_BYTES = 7_500;

    /** What a column stored off the page leaves in it, at most. */
    private static final int OFF_PAGE_BYTES = 40;

    private static final Pattern SIZED =
            Pattern.compile("(varchar|char|varbinary|binary)\\((\\d+)\\).*");

    private MariaDbRowBudget() {}

    /** Bytes a column of this type takes in the row, at most. */
    static int bytes(String type) {
        String lower = type.toLowerCase(Locale.ROOT).trim();
        Matcher sized = SIZED.matcher(lower);
        if (sized.matches()) {
            int n = Integer.parseInt(sized.group(2));
            boolean characters = sized.group(1).endsWith("char");
            return (characters ? 4 * n : n) + 2;
        }
        if (lower.contains("text") || lower.contains("blob") || lower.equals("json")) {
            return LOB_BYTES;
        }
        return switch (lower) {
            case "tinyint", "boolean" -> 1;
            case "smallint" -> 2;
            case "int", "float", "date" -> 4;
            case "bigint", "double" -> 8;
            default -> OTHER_BYTES;
        };
    }

    /**
     * The types with the key's varchars shortened, in proportion to their lengths, until the key
     * fits: a value longer than its column is then refused with an error, never cut.
     */
    static List<String> keyFitted(List<String> types, List<Boolean> keys) {
        int fixed = 0;
        long characters = 0;
        for (int i = 0; i < types.size(); i++) {
            if (keys.get(i)) {
                OptionalInt varchar = Queries.varcharLength(types.get(i));
                if (varchar.isPresent()) {
                    characters += varchar.getAsInt();
                } else {
                    fixed += keyBytes(types.get(i));
                }
            }
        }
        long room = (KEY_BYTES - fixed) / 4;
        if (characters <= room) {
            return types;
        }
        List<String> fitted = new ArrayList<>(types);
        for (int i = 0; i < types.size(); i++) {
            OptionalInt varchar =
                    keys.get(i) ? Queries.varcharLength(types.get(i)) : OptionalInt.empty();
            if (varchar.isPresent()) {
                long share = Math.max(1, varchar.getAsInt() * room / characters);
                fitted.set(i, "varchar(" + share + ")");
            }
        }
        return fitted;
    }

    /** A column of an existing table: its type as the catalog spells it, and whether a key's. */
    record Existing(String type, boolean key) {}

    /**
     * The type a varchar column of an existing table takes to hold {@code wanted} ({@code
     * varchar(m)}, or {@code longtext} beyond the varchar limit): {@code varchar(m)} where the row
     * and, for a key column, the key keep within their limits; a non-key column that would not fit
     * the row becomes {@code longtext}, a key column as wide as the key allows. Empty when the
     * column is no varchar, or already as wide.
     */
    static Optional<String> widened(List<Existing> table, Existing column, String wanted) {
        OptionalInt length = Queries.varcharLength(column.type());
        if (length.isEmpty()) {
            return Optional.empty(); // text holds everything; other types are the user's
        }
        OptionalInt target = Queries.varcharLength(wanted);
        if (column.key()) {
            int keyBytes =
                    table.stream().filter(Existing::key).mapToInt(e -> keyBytes(e.type())).sum();
            int room = (KEY_BYTES - keyBytes) / 4 + length.getAsInt();
            int widest = Math.min(target.orElse(room), room);
            return widest > length.getAsInt()
                    ? Optional.of("varchar(" + widest + ")")
                    : Optional.empty();
        }
        if (target.isPresent() && target.getAsInt() <= length.getAsInt()) {
            return Optional.empty();
        }
        int rowBytes = table.stream().mapToInt(e -> bytes(e.type())).sum();
        return Optional.of(
                rowBytes - bytes(column.type()) + bytes(wanted) > ROW_BYTES ? "longtext" : wanted);
    }

    /** Bytes a key column takes in the key: a varchar 4 a character, without its length. */
    private static int keyBytes(String type) {
        OptionalInt varchar = Queries.varcharLength(type);
        return varchar.isPresent() ? 4 * varchar.getAsInt() : bytes(type);
    }

    /**
     * The types with non-key varchars turned into {@code longtext} until the row fits both limits:
     * the widest first for the row's 65,535 bytes; for the in-page limit the widest of those kept
     * in the page (255 bytes or less), as longer ones may leave only a pointer there.
     */
    static List<String> fitted(List<String> types, List<Boolean> keys) {
        List<String> fitted = new ArrayList<>(types);
        int rowLimit = ROW_BYTES - (types.size() + 7) / 8 - ROW_MARGIN;
        while (true) {
            boolean rowOver = fitted.stream().mapToInt(MariaDbRowBudget::bytes).sum() > rowLimit;
            boolean pageOver =
                    fitted.stream().mapToInt(MariaDbRowBudget::inPage).sum() > PAGE_BYTES;
            if (!rowOver && !pageOver) {
                return fitted;
            }
            int widest = -1;
            for (int i = 0; i < fitted.size(); i++) {
                String type = fitted.get(i);
                boolean candidate =
                        !keys.get(i)
                                && type.startsWith("varchar(")
                                && (rowOver || inPage(type) == bytes(type));
                if (candidate && (widest < 0 || bytes(type) > bytes(fitted.get(widest)))) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return fitted; // nothing left to move: the server's refusal names the table
            }
            fitted.set(widest, "longtext");
        }
    }

    /**
     * Bytes a column takes in InnoDB's page (half a 16 KB page for a row): itself when 255 bytes or
     * less, else at most a pointer and a prefix, as it may be stored off the page.
     */
    static int inPage(String type) {
        int bytes = bytes(type);
        boolean lob = bytes == LOB_BYTES && !type.startsWith("varchar(");
        return lob || bytes > 255 + 2 ? OFF_PAGE_BYTES : bytes;
    }
}
