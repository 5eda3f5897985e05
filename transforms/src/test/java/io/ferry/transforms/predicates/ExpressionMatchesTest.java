package io.ferry.transforms.predicates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.CapturedEvents;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionMatchesTest {
    private static List<Boolean> test(String database, boolean schemas, String expression) {
        ExpressionMatches<SourceRecord> predicate = new ExpressionMatches<>();
        predicate.configure(Map.of("expression", expression));
        return CapturedEvents.load(database, schemas).stream().map(predicate::test).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void judgesDeletesOnTheBeforeImageAndNeverMatchesTombstones(String database) {
        // r Ada, r Grace, c Linus, u Ada L., d Grace, tombstone
        assertEquals(
                List.of(false, true, false, false, true, false),
                test(database, true, "$Balance < 0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb"})
    void datesAreTextAsInDms(String database) {
        assertEquals(
                List.of(true, false, true, true, false, false),
                test(
                        database,
                        true,
                        "$Created_At >= '2024-01-01' AND $AR_H_OPERATION != 'DELETE'"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nullIsNotTrue(boolean schemas) {
        assertEquals(
                List.of(false, false, false, false, false, false),
                test("postgres", schemas, "$Region = NULL"));
    }
}
