package io.ferry.dms.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {
    private static Object eval(String expression, Map<String, Object> row) {
        return ExpressionParser.parse(expression).eval(row::get);
    }

    @Test
    void theDmsGuidesConcatenationExample() {
        assertEquals(
                "Ada_Lovelace",
                eval(
                        "$FIRST_NAME||'_'||$LAST_NAME",
                        Map.of("FIRST_NAME", "Ada", "LAST_NAME", "Lovelace")));
    }

    @Test
    void referencesResolveThroughTheBindings() {
        assertEquals(
                "0/16B3748",
                eval("$AR_H_STREAM_POSITION", Map.of("AR_H_STREAM_POSITION", "0/16B3748")));
    }

    @Test
    void caseAndFunctionsAreCaseInsensitive() {
        assertEquals(
                "big", eval("case when $N > 10 then 'big' else 'small' END", Map.of("N", 11L)));
        assertEquals("ABC", eval("UPPER('abc')", Map.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "$A +|unexpected end of expression at position 5",
                "'abc|unterminated string at position 1",
                "foo(1)|unknown function foo() at position 1",
                "substr('a')|wrong number of arguments to function substr() at position 1",
                "(1 + 2|expected ')' but found 'end of expression' at position 7",
                "1 2|unexpected '2' at position 3",
                "$ + 1|'$' must be followed by a column name at position 1",
                "CASE END|CASE needs at least one WHEN at position 6",
                "1 ; 2|unexpected character ';' at position 3",
                "operation_indicator('D', 'U')|operation_indicator() takes 3 arguments: the flags for delete, update and insert at position 1"
            })
    void syntaxErrorsSayWhere(String expression, String message) {
        ExpressionException e =
                assertThrows(ExpressionException.class, () -> ExpressionParser.parse(expression));
        assertEquals(message, e.getMessage());
    }

    @Test
    void operationIndicatorPicksTheFlagForTheOperation() {
        Expression e = ExpressionParser.parse("operation_indicator('D', 'U', 'I')");
        assertEquals("D", e.eval(Map.of("AR_H_OPERATION", "DELETE")::get));
        assertEquals("I", e.eval(Map.of("AR_H_OPERATION", "INSERT")::get));
        assertEquals(
                true,
                ExpressionParser.calls(
                        "coalesce(OPERATION_INDICATOR(1,2,3), 0)", "operation_indicator"));
        assertEquals(
                false,
                ExpressionParser.calls("'operation_indicator(1,2,3)'", "operation_indicator"));
    }
}
