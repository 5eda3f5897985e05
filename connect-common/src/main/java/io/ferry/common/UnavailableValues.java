package io.ferry.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Debezium's stand-in for a column the source log does not carry — a PostgreSQL TOAST value an
 * update left alone, an Oracle LOB — in its default form ({@code unavailable.value.placeholder}).
 * It means "unchanged", never a value: a sink leaves such a column as the target has it.
 */
public final class UnavailableValues {
    /** Debezium's default {@code unavailable.value.placeholder}. */
    public static final String PLACEHOLDER = "__debezium_unavailable_value";

    private static final byte[] BYTES = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);
    // PostgreSQL hstore columns as JSON text.
    private static final String JSON_MAP = "{\"" + PLACEHOLDER + "\":\"" + PLACEHOLDER + "\"}";
    // Its bytes under binary.handling.mode=base64 / base64-url-safe / hex.
    private static final java.util.Set<String> BYTES_AS_TEXT =
            java.util.stream.Stream.of(
                            java.util.Base64.getEncoder().encodeToString(BYTES),
                            java.util.Base64.getUrlEncoder().encodeToString(BYTES),
                            java.util.HexFormat.of().formatHex(BYTES))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private UnavailableValues() {}

    /** Whether a column value is the placeholder (for arrays: holds one, or is its bytes). */
    public static boolean isPlaceholder(Object value) {
        if (value instanceof String text) {
            return text.length() >= PLACEHOLDER.length()
                    && (text.equals(PLACEHOLDER)
                            || text.equals(JSON_MAP)
                            || BYTES_AS_TEXT.contains(text));
        }
        if (value instanceof byte[] bytes) {
            return Arrays.equals(bytes, BYTES);
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.equals(ByteBuffer.wrap(BYTES));
        }
        if (value instanceof Map<?, ?> map) {
            return map.size() == 1 && PLACEHOLDER.equals(map.get(PLACEHOLDER));
        }
        if (value instanceof Collection<?> list && !list.isEmpty()) {
            return list.stream().anyMatch(UnavailableValues::isPlaceholder)
                    || isPlaceholderNumbers(list);
        }
        return false;
    }

    // Integer arrays stand in as the placeholder's bytes, one number each.
    private static boolean isPlaceholderNumbers(Collection<?> list) {
        if (list.size() != BYTES.length) {
            return false;
        }
        int i = 0;
        for (Object element : list) {
            if (!(element instanceof Integer || element instanceof Long)
                    || ((Number) element).longValue() != BYTES[i++]) {
                return false;
            }
        }
        return true;
    }

    /** The fields of a row image that hold the placeholder; empty for most rows. */
    public static List<String> fields(Struct image) {
        List<String> found = List.of();
        if (image == null) {
            return found;
        }
        for (Field field : image.schema().fields()) {
            if (isPlaceholder(image.get(field))) {
                if (found.isEmpty()) {
                    found = new ArrayList<>();
                }
                found.add(field.name());
            }
        }
        return found;
    }

    /**
     * {@code later} with each placeholder taken from {@code earlier}, an image of the same row
     * before it (two changes of one key, reduced to one): the value the column kept. Fields {@code
     * earlier} lacks, or holds as a placeholder too, stay placeholders.
     */
    public static Struct fill(Struct later, Struct earlier) {
        List<String> missing = fields(later);
        if (missing.isEmpty() || earlier == null) {
            return later;
        }
        Struct filled = new Struct(later.schema());
        for (Field field : later.schema().fields()) {
            filled.put(field, later.get(field));
        }
        Schema known = earlier.schema();
        for (String name : missing) {
            Field from = known.field(name);
            if (from != null && !isPlaceholder(earlier.get(from))) {
                filled.put(name, earlier.get(from));
            }
        }
        return filled;
    }
}
