package io.ferry.dms.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * DMS's data-masking rule actions on one string value. The names are DMS's own {@code rule-action}
 * values, so a table-mapping rule and this SMT's config read the same.
 */
public enum ColumnMask {
    /** Every ASCII digit becomes the mask character: {@code C6BGJ56669K} → {@code C#BGJ######K}. */
    DIGITS_MASK("data-masking-digits-mask"),
    /** Every ASCII digit becomes a random digit; other characters stay. */
    DIGITS_RANDOMIZE("data-masking-digits-randomize"),
    /** The whole value becomes the hex SHA-256 of its UTF-8 bytes (64 characters). */
    HASH_MASK("data-masking-hash-mask");

    private final String ruleAction;

    ColumnMask(String ruleAction) {
        this.ruleAction = ruleAction;
    }

    public String ruleAction() {
        return ruleAction;
    }

    public static ColumnMask fromRuleAction(String ruleAction) {
        for (ColumnMask mask : values()) {
            if (mask.ruleAction.equals(ruleAction)) {
                return mask;
            }
        }
        throw new IllegalArgumentException("unknown masking rule-action: " + ruleAction);
    }

    /** The masking function; {@code maskCharacter} is used by {@link #DIGITS_MASK} only. */
    public UnaryOperator<String> function(char maskCharacter) {
        return switch (this) {
            case DIGITS_MASK -> value -> replaceDigits(value, () -> maskCharacter);
            case DIGITS_RANDOMIZE ->
                    value ->
                            replaceDigits(
                                    value,
                                    () -> (char) ('0' + ThreadLocalRandom.current().nextInt(10)));
            case HASH_MASK -> ColumnMask::sha256Hex;
        };
    }

    private interface CharSource {
        char next();
    }

    private static String replaceDigits(String value, CharSource replacement) {
        char[] chars = value.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= '0' && chars[i] <= '9') {
                chars[i] = replacement.next();
            }
        }
        return new String(chars);
    }

    private static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
