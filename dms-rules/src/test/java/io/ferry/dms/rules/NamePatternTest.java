package io.ferry.dms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamePatternTest {
    @Test
    void percentMatchesAnyRunIncludingNone() {
        NamePattern p = NamePattern.of("SH%");
        assertTrue(p.matches("SH"));
        assertTrue(p.matches("SHIPMENTS"));
        assertFalse(p.matches("sh"));
        assertFalse(p.isLiteral());
    }

    @Test
    void underscoreMatchesExactlyOneCharacter() {
        NamePattern p = NamePattern.of("T_1");
        assertTrue(p.matches("TA1"));
        assertTrue(p.matches("T_1"));
        assertFalse(p.matches("T1"));
        assertFalse(p.matches("TAB1"));
        assertTrue(p.isLiteral());
        assertFalse(p.exactly().matches("TA1"));
        assertTrue(p.exactly().matches("T_1"));
    }

    @Test
    void patternsOverlapWhenSomeNameMatchesBoth() {
        String[][] overlapping = {
            {"%", "SSN"},
            {"Cust_%", "%Name"},
            {"SSN", "SSN"},
            {"S_N", "%N"},
            {"[a-c]x", "bx"},
            {"a%b%c", "%c"},
            {"%", "%"},
            {"", "%"}
        };
        for (String[] pair : overlapping) {
            assertTrue(
                    NamePattern.of(pair[0]).overlaps(NamePattern.of(pair[1])),
                    pair[0] + " " + pair[1]);
            assertTrue(
                    NamePattern.of(pair[1]).overlaps(NamePattern.of(pair[0])),
                    pair[1] + " " + pair[0]);
        }
        String[][] disjoint = {
            {"a%", "b%"},
            {"SSN", "ssn"},
            {"A_", "A"},
            {"[a-c]x", "dx"},
            {"%x", "%y"},
            {"ab", "a[_]"}
        };
        for (String[] pair : disjoint) {
            assertFalse(
                    NamePattern.of(pair[0]).overlaps(NamePattern.of(pair[1])),
                    pair[0] + " " + pair[1]);
            assertFalse(
                    NamePattern.of(pair[1]).overlaps(NamePattern.of(pair[0])),
                    pair[1] + " " + pair[0]);
        }
    }

    @Test
    void bracketedUnderscoreIsLiteral() {
        NamePattern p = NamePattern.of("NFL[_]DATA");
        assertTrue(p.matches("NFL_DATA"));
        assertFalse(p.matches("NFLXDATA"));
        assertTrue(p.isLiteral());
    }

    @Test
    void setsAndRanges() {
        NamePattern set = NamePattern.of("tab[xy]");
        assertTrue(set.matches("taby"));
        assertFalse(set.matches("tabz"));
        NamePattern range = NamePattern.of("part[a-c]%");
        assertTrue(range.matches("partb_2024"));
        assertFalse(range.matches("partd"));
    }

    @Test
    void regexCharactersAreLiteral() {
        NamePattern p = NamePattern.of("a.b$c(d)");
        assertTrue(p.matches("a.b$c(d)"));
        assertFalse(p.matches("aXb$c(d)"));
        assertTrue(p.isLiteral());
    }

    @Test
    void namesAreCaseSensitive() {
        assertFalse(NamePattern.of("DMS_SAMPLE").matches("dms_sample"));
    }

    @Test
    void unclosedBracketIsAnError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NamePattern.of("ab[cd"));
        assertEquals("has an unclosed or empty '[' at position 3", e.getMessage());
    }
}
