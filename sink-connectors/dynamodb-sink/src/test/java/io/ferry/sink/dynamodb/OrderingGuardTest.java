package io.ferry.sink.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OrderingGuardTest {
    private static ItemChange delete(Map<String, AttributeValue> key) {
        return new ItemChange(null, "t", List.of("pk", "sk"), key, null);
    }

    private static String marker(String pk, String sk) {
        return OrderingGuard.markerKey(
                        delete(
                                Map.of(
                                        "pk", AttributeValue.fromS(pk),
                                        "sk", AttributeValue.fromS(sk))))
                .get(OrderingGuard.MARKER_KEY)
                .s();
    }

    @Test
    void markerKeysAreShortAndDoNotCollideOnSeparators() {
        assertNotEquals(marker("x,sk=S:y", "z"), marker("x", "y,sk=S:z"));
        assertEquals(64, marker("k".repeat(2048), "s".repeat(1024)).length());
        assertEquals(marker("a", "b"), marker("a", "b"));
    }
}
