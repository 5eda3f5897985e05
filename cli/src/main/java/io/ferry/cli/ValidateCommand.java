package io.ferry.cli;

import java.io.IOException;
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
            arity = "0..1",
            interactive = true,
            description =
                    "Source password; without a value it is asked for (not echoed). A value"
                            + " here is visible to every user of the machine in ps: prefer"
                            + " --source-password-file or $FERRY_SOURCE_PASSWORD.")
    String sourcePassword;

    @Option(
            names = "--source-password-file",
            description = "A file whose first line is the source password.")
    java.nio.file.Path sourcePasswordFile;

    @Option(names = "--target-url", required = true, description = "Target JDBC URL.")
    String targetUrl;

    @Option(names = "--target-user", description = "Target user.")
    String targetUser;

    @Option(
            names = "--target-password",
            arity = "0..1",
            interactive = true,
            description =
                    "Target password; without a value it is asked for (not echoed). A value"
                            + " here is visible to every user of the machine in ps: prefer"
                            + " --target-password-file or $FERRY_TARGET_PASSWORD.")
    String targetPassword;

    @Option(
            names = "--target-password-file",
            description = "A file whose first line is the target password.")
    java.nio.file.Path targetPasswordFile;

    @Option(
            names = {"-t", "--table"},
            description =
                    "schema.table to compare, or source=target when the copy is named"
                            + " differently; repeatable. Default with --table-mappings: every"
                            + " source table the mapping selects.")
    List<String> tables = new ArrayList<>();

    @Option(
            names = "--table-mappings",
            description =
                    "The DMS table-mapping JSON the migration ran: each table is compared with"
                            + " the copy the mapping names, through its renamed, removed, added"
                            + " and key columns.")
    java.nio.file.Path tableMappings;

    @Option(
            names = "--max-keys",
            defaultValue = "100",
            description =
                    "Keys listed per kind of difference and table (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean same = true;
        int notCompared = 0;
        String sourceSecret =
                Password.of(sourcePassword, sourcePasswordFile, "FERRY_SOURCE_PASSWORD");
        String targetSecret =
                Password.of(targetPassword, targetPasswordFile, "FERRY_TARGET_PASSWORD");
        try (Connection source = DriverManager.getConnection(sourceUrl, sourceUser, sourceSecret);
                Connection target =
                        DriverManager.getConnection(targetUrl, targetUser, targetSecret)) {
            ValidatedTables validated = ValidatedTables.of(tableMappings);
            List<ValidatedTables.Pair> pairs = validated.pairs(source, tables);
            if (pairs.isEmpty()) {
                err.println("ferry validate: the table mapping selects no table of the source");
                return 2;
            }
            for (ValidatedTables.Pair pair : pairs) {
                TableName from = pair.from();
                try {
                    TableComparison.Report report =
                            new TableComparison(
                                            source,
                                            target,
                                            validated.compared(source, target, from, pair.to()))
                                    .compare();
                    print(out, report, maxKeys);
                    same &= report.same();
                    notCompared += report.compared() ? 0 : 1;
                } catch (Exception e) {
                    // One table that cannot be compared is reported; the others still are.
                    out.println(from + ": could not compare: " + e.getMessage());
                    notCompared++;
                }
            }
        } catch (Exception e) {
            err.println("ferry validate: " + e.getMessage());
            return 2;
        }
        String skipped =
                notCompared == 0 ? "" : " (" + notCompared + " table(s) not compared: see above)";
        out.println((same ? "VALID: no differences" : "INVALID: differences found") + skipped);
        out.flush();
        // A table left out is no proof: only a run that compared everything is VALID (0).
        return !same ? 1 : notCompared > 0 ? 2 : 0;
    }

    /** The report's summary line, then up to {@code maxKeys} keys per kind of difference. */
    static void print(PrintWriter out, TableComparison.Report report, int maxKeys) {
        if (!report.compared()) {
            out.printf(
                    "%s -> %s: not compared: %s%n",
                    report.source(), report.target(), report.skipped());
            return;
        }
        out.printf(
                "%s -> %s: source %d rows, target %d rows, %d missing, %d extra, %d changed: %s%n",
                report.source(),
                report.target(),
                report.sourceRows(),
                report.targetRows(),
                report.missingRows(),
                report.extraRows(),
                report.changed().size(),
                report.same() ? "OK" : "DIFFERENT");
        report.problems().forEach(p -> out.println("  " + p));
        if (report.sourceRows() != report.targetRows()) {
            out.printf(
                    "  row counts differ: %d in the source, %d in the target%n",
                    report.sourceRows(), report.targetRows());
        }
        if (report.keyless()) {
            out.println("  no primary key: compared as multisets of whole rows");
        }
        if (report.rangesEqual() + report.rangesCompared() > 0) {
            out.printf(
                    "  %d key range(s) equal by checksum, %d compared row by row%n",
                    report.rangesEqual(), report.rangesCompared());
        }
        report.notes().forEach(n -> out.println("  not compared: " + n));
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
