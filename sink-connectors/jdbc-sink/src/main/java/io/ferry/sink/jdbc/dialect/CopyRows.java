package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.table.Column;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** Rows in PostgreSQL's {@code COPY} text format: tab-separated, {@code \N} for null. */
final class CopyRows {
    private CopyRows() {}

    static byte[] encode(List<Column> columns, int[] positions, List<Object[]> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 64);
        List<Function<Object, String>> encoders =
                columns.stream().map(c -> PostgresTypes.encoder(c.schema())).toList();
        for (Object[] row : rows) {
            for (int i = 0; i < positions.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                Object value = row[positions[i]];
                String text = value == null ? null : encoders.get(i).apply(value);
                if (text == null) {
                    out.append("\\N");
                } else {
                    escape(text, out);
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
    }
}
