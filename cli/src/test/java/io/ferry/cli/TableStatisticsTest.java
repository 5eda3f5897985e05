package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableStatisticsTest {
    private static TableStatistics.Table table(String connector, long rows, String state) {
        return new TableStatistics.Table(connector, "shop", "orders", rows, 1, 2, 3, 0, state);
    }

    @Test
    void aTableLoadedByTasksIsOneLineCompletedOnceEveryTaskIs() {
        List<TableStatistics.Table> merged =
                TableStatistics.merged(
                        List.of(
                                table("load", 100, "Table completed"),
                                table("load", 50, "Full load"),
                                table("other", 7, "Table completed")));
        assertEquals(
                List.of(
                        new TableStatistics.Table(
                                "load", "shop", "orders", 150, 2, 4, 6, 0, "Full load"),
                        table("other", 7, "Table completed")),
                merged);
        assertEquals(
                "Table completed",
                TableStatistics.merged(
                                List.of(
                                        table("load", 1, "Table completed"),
                                        table("load", 2, "Table completed")))
                        .get(0)
                        .state());
    }
}
