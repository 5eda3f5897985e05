package io.ferry.source.fullload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.common.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentOffsetsTest {
    /**
     * Connect finds a stored offset by the bytes its partition serializes to: a partition's keys
     * must come in one order in every JVM, which the immutable maps' order (salted per JVM) does
     * not promise.
     */
    @Test
    void aPartitionsKeysComeInOneOrder() throws Exception {
        Map<String, Object> partition =
                SegmentOffsets.partition(
                        new TableId("sales", "orders"), SegmentRange.all(), Optional.of("slot"));
        assertEquals(
                List.of("schema", "table", "segment", "slot"), new ArrayList<>(partition.keySet()));
        assertEquals(
                "{\"schema\":\"sales\",\"table\":\"orders\",\"segment\":\"whole table\","
                        + "\"slot\":\"slot\"}",
                new ObjectMapper().writeValueAsString(partition));
        assertEquals(
                List.of("schema", "table", "segment"),
                new ArrayList<>(
                        SegmentOffsets.partition(
                                        new TableId("sales", "orders"),
                                        SegmentRange.all(),
                                        Optional.empty())
                                .keySet()));
    }
}
