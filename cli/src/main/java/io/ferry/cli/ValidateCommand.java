package io.ferry.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry validate}: compares source tables with their migrated copies through JDBC and
 * reports the keys of every missing, extra and changed row. Exit code 0: no difference; 1: a
 * difference; 2: the comparison could not run.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Compare source tables with their copies in a JDBC target, row by row, and report"
                        + " the exact keys that differ (DMS data validation).")
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--source-url", required = true, description = "Source JDBC URL.")
    String sourceUrl;

    @Option(names = "--source-user", description = "Source user.")
    String sourceUser;

    @Option(
            names = "--source-password",
            description = "Source password (default: $FERRY_SOURCE_PASSWORD).",
            defaultValue = "${env:FERRY_SOURCE_PASSWORD}")
    String sourcePassword;

    @Option(names = "--target-url", required = true, description = "Target JDBC URL.")
    String targetUrl;

    @Option(names = "--target-user", description = "Target user.")
    String targetUser;

    @Option(
            names = "--target-password",
            description = "Target password (default: $FERRY_TARGET_PASSWORD).",
            defaultValue = "${env:FERRY_TARGET_PASSWORD}")
    String targetPassword;

    @Option(
            names = {"-t", "--table"},
            required = true,
            description =
                    "schema.table to compare, or source=target when the copy is named"
                            + " differently; repeatable.")
    List<String> tables = new ArrayList<>();

    @Option(
            names = "--max-keys",
            defaultValue = "100",
            description =
                    "Keys listed per kind of difference and table (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean same = true;
        try (Connection source =
                        DriverManager.getConnection(sourceUrl, sourceUser, sourcePassword);
                Connection target =
                        DriverManager.getConnection(targetUrl, targetUser, targetPassword)) {
            for (String table : tables) {
                String[] pair = table.split("=", 2);
                TableName from = TableName.parse(pair[0].trim());
                TableName to = pair.length > 1 ? TableName.parse(pair[1].trim()) : from;
                TableComparison.Report report =
                        new TableComparison(source, from, target, to).compare();
                print(out, report, maxKeys);
                same &= report.same();
            }
        } catch (Exception e) {
            err.println("ferry validate: " + e.getMessage());
            return 2;
        }
        out.println(same ? "VALID: no differences" : "INVALID: differences found");
        out.flush();
        return same ? 0 : 1;
    }

    /** The report's summary line, then up to {@code maxKeys} keys per kind of difference. */
    static void print(PrintWriter out, TableComparison.Report report, int maxKeys) {
        out.printf(
                "%s -> %s: source %d rows, target %d rows, %d missing, %d extra, %d changed: %s%n",
                report.source(),
                report.target(),
                report.sourceRows(),
                report.targetRows(),
                report.missing().size(),
                report.extra().size(),
                report.changed().size(),
                report.same() ? "OK" : "DIFFERENT");
        if (report.rangesEqual() + report.rangesCompared() > 0) {
            out.printf(
                    "  %d key range(s) equal by checksum, %d compared row by row%n",
                    report.rangesEqual(), report.rangesCompared());
        }
        report.missing().stream().limit(maxKeys).forEach(k -> out.println("  missing " + key(k)));
        report.extra().stream().limit(maxKeys).forEach(k -> out.println("  extra   " + key(k)));
        report.changed().entrySet().stream()
                .limit(maxKeys)
                .forEach(
                        (Map.Entry<List<String>, List<String>> e) ->
                                out.println(
                                        "  changed "
                                                + key(e.getKey())
                                                + " "
                                                + String.join(",", e.getValue())));
    }

    private static String key(List<String> values) {
        return String.join("/", values);
    }
}
