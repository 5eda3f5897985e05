package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample outputs of {@code docs/cli.md} (its fenced blocks without a language) are what the
 * commands print for the inputs the page describes: rendered here by the code the commands use.
 */
class CliDocsTest {
    private static final Path PAGE = Path.of("..", "docs", "cli.md");

    /** The page's plain fenced blocks (no language named), in order. */
    private static List<String> samples() throws IOException {
        List<String> blocks = new ArrayList<>();
        boolean fenced = false;
        StringBuilder plain = null;
        for (String line : Files.readAllLines(PAGE)) {
            if (!line.startsWith("```")) {
                if (plain != null) {
                    plain.append(line).append('\n');
                }
            } else if (!fenced) {
                fenced = true;
                plain = line.equals("```") ? new StringBuilder() : null;
            } else {
                fenced = false;
                if (plain != null) {
                    blocks.add(plain.toString());
                }
                plain = null;
            }
        }
        return blocks;
    }

    private static String sample(String firstLine) throws IOException {
        return samples().stream()
                .filter(b -> b.startsWith(firstLine))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample starting " + firstLine));
    }

    @Test
    void runShowsProgressAsThePageDoes() throws IOException {
        TableStatistics stats =
                new TableStatistics(
                        List.of(
                                new TableStatistics.Table(
                                        "demo-source",
                                        "dms_sample",
                                        "person",
                                        50_000,
                                        0,
                                        0,
                                        0,
                                        0,
                                        "Table completed"),
                                new TableStatistics.Table(
                                        "demo-source",
                                        "dms_sample",
                                        "sporting_event_ticket",
                                        91_869,
                                        435,
                                        870,
                                        217,
                                        0,
                                        "Full load")),
                        List.of(new TableStatistics.Task("demo-source", "0", "CAPTURING", 1_204)));
        Map<String, Long> lag = new LinkedHashMap<>();
        lag.put("demo-postgres", 0L);
        lag.put("demo-s3", 435L);
        lag.put("demo-dynamodb", 19_539L);
        List<String> lines =
                ProgressView.render(
                        new ProgressView.Snapshot(
                                stats,
                                Map.of(
                                        "dms_sample.person", 50_000L,
                                        "dms_sample.sporting_event_ticket", 200_000L),
                                lag));
        assertEquals(sample("full load"), String.join("\n", lines) + "\n");
    }

    @Test
    void statusShowsTableStatisticsAsThePageDoes() throws IOException {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        StatusCommand.tables(
                out,
                new TableStatistics(
                        List.of(
                                new TableStatistics.Table(
                                        "status-source",
                                        "status_src",
                                        "items",
                                        3,
                                        1,
                                        1,
                                        1,
                                        0,
                                        "Table completed")),
                        List.of(new TableStatistics.Task("status-source", "0", "CAPTURING", 412))));
        out.flush();
        assertEquals(sample("status-source"), text.toString());
    }

    @Test
    void validateReportsATableAsThePageDoes() throws IOException {
        Map<List<String>, List<String>> changed = Map.of(List.of("us", "501"), List.of("amount"));
        TableComparison.Report report =
                new TableComparison.Report(
                        TableName.parse("migrate.orders"),
                        TableName.parse("public.orders"),
                        1200,
                        1200,
                        List.of(List.of("us", "777")),
                        List.of(List.of("eu", "5000")),
                        changed,
                        2,
                        1,
                        1,
                        1,
                        false,
                        List.of(),
                        List.of(),
                        null);
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        ValidateCommand.print(out, report, 10);
        out.flush();
        assertEquals(sample("migrate.orders -> public.orders"), text.toString());
    }
}
