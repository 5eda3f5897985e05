package io.ferry.dms.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColumnMaskTest {
    @Test
    void digitsMaskReplacesEveryDigitWithTheCharacter() {
        // The DMS user guide's example; its printed output has one '#' too many for 5 digits.
        assertEquals("C#BGJ#####K", ColumnMask.DIGITS_MASK.function('#').apply("C6BGJ56669K"));
    }

    @Test
    void digitsMaskLeavesOtherCharactersAlone() {
        assertEquals("été-**/x", ColumnMask.DIGITS_MASK.function('*').apply("été-42/x"));
    }

    @Test
    void digitsRandomizeKeepsShapeAndChangesDigits() {
        String source = "ID-" + "1234567890".repeat(4);
        String masked = ColumnMask.DIGITS_RANDOMIZE.function('*').apply(source);
        assertEquals(source.length(), masked.length());
        assertTrue(masked.startsWith("ID-"));
        assertTrue(masked.substring(3).chars().allMatch(Character::isDigit));
        // 40 random digits equal to the source by chance: 1 in 10^40.
        assertNotEquals(source, masked);
    }

    @Test
    void hashMaskIsTheSha256OfTheUtf8Value() {
        assertEquals(
                "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                ColumnMask.HASH_MASK.function('*').apply("abc"));
    }

    @Test
    void ruleActionsAreDmsNames() {
        assertEquals(
                ColumnMask.DIGITS_RANDOMIZE,
                ColumnMask.fromRuleAction("data-masking-digits-randomize"));
        assertThrows(IllegalArgumentException.class, () -> ColumnMask.fromRuleAction("mask"));
    }
}
