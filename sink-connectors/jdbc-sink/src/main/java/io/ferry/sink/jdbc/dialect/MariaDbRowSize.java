package io.ferry.sink.jdbc.dialect;

import io.ferry.common.SourceColumnTypes;
import io.ferry.sink.jdbc.table.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new MySQL/MariaDB table's column types within the 65,535-byte row size limit, which counts each
 * {@code varchar(n)} at its largest (4 bytes a character in utf8mb4) and each {@code text} or
 * {@code blob} at a pointer's few bytes: string columns with a declared length become {@code
 * varchar(n)}, shortest first, while the row fits; the rest stay {@code longtext}, which holds any
 * value. A table that could not be created would stop the migration; one with a longtext column
 * only loses the index a user might have put on it.
 */
final class MariaDbRowSize {
    /** The limit, less room for the row's own overhead (null flags, lengths). */
    private static final int ROW_BYTES = 65_535 - 1_024;

    /** InnoDB's inline limit (half a 16 KB page), less room for headers. */
    private static final int INLINE_BYTES = 8_126 - 626;

    /** Columns longer than this may be stored off the page, leaving a pointer. */
    private static final int INLINE_COLUMN = 255;

    private static final int OFF_PAGE_POINTER = 20;

    /** utf8mb4's largest varchar: 65,535 bytes / 4. */
    private static final int MAX_VARCHAR = 16_383;

    private static final int POINTER_BYTES = 12;
    private static final Pattern SIZED = Pattern.compile("(var)?(char|binary)\\((\\d+)\\)");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\d+\\)");

    private MariaDbRowSize() {}

    static List<String> types(List<Column> columns, Predicate<String> key) {
        List<String> types = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        long bytes = 0;
        long inline = 0;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            boolean isKey = key.test(column.name());
            String type = MariaDbTypes.sqlType(column.schema(), isKey);
            types.add(type);
            bytes += bytes(type);
            inline += inline(bytes(type));
            OptionalInt length = SourceColumnTypes.characterLength(column.schema());
            if (!isKey
                    && type.equals("longtext")
                    && length.isPresent()
                    && length.getAsInt() <= MAX_VARCHAR) {
                candidates.add(i);
            }
        }
        candidates.sort(
                Comparator.comparingInt(
                        i ->
                                SourceColumnTypes.characterLength(columns.get(i).schema())
                                        .getAsInt()));
        for (int i : candidates) {
            int length = SourceColumnTypes.characterLength(columns.get(i).schema()).getAsInt();
            long varchar = 4L * length + 2;
            long more = varchar - POINTER_BYTES;
            long moreInline = inline(varchar) - inline(POINTER_BYTES);
            if (bytes + more > ROW_BYTES || inline + moreInline > INLINE_BYTES) {
                continue; // a longer one may still fit inline: off the page it takes a pointer
            }
            types.set(i, "varchar(" + length + ")");
            bytes += more;
            inline += moreInline;
        }
        return types;
    }

    /** A column's share of InnoDB's inline limit: itself, or a pointer when it may go off page. */
    private static long inline(long bytes) {
        return bytes > INLINE_COLUMN ? OFF_PAGE_POINTER : bytes;
    }

    /** A column type's share of the row size limit, at its largest. */
    static long bytes(String type) {
        Matcher sized = SIZED.matcher(type);
        if (sized.matches()) {
            long n = Long.parseLong(sized.group(3));
            boolean binary = sized.group(2).equals("binary");
            return (binary ? n : 4 * n) + (sized.group(1) != null ? 2 : 0);
        }
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return Long.parseLong(decimal.group(1)) / 2 + 2;
        }
        return switch (type) {
            case "tinyint", "boolean" -> 1;
            case "smallint" -> 2;
            case "int", "float", "date" -> 4;
            case "bigint", "double" -> 8;
            default -> POINTER_BYTES; // text, blob, json, time, datetime: small or a pointer
        };
    }
}
