package io.ferry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What arrived of every source type in every target, as {@code docs/type-matrix.md} shows it, and
 * the check that each value not arriving as the source has it is explained in its sink's page.
 */
final class TypeMatrix {
    /** A CDC row's id: its full-load twin's id plus this. */
    static final int CDC = 100;

    enum Target {
        POSTGRES("PostgreSQL", "to-pg", "jdbc-sink.md"),
        MARIADB("MariaDB", "to-mariadb", "jdbc-sink.md"),
        CSV("S3 CSV", "to-s3", "s3-sink.md"),
        PARQUET("S3 Parquet", "to-parquet", "s3-sink.md"),
        DYNAMODB("DynamoDB", "to-ddb", "dynamodb-sink.md");

        final String title;
        final String sink;
        final String page;

        Target(String title, String sink, String page) {
            this.title = title;
            this.sink = sink;
            this.page = page;
        }
    }

    /** One source's tables: the source's values and each target's, by table and id. */
    record Observed(
            TypeCases cases,
            Map<String, Map<Integer, String>> source,
            Map<Target, Map<String, Map<Integer, String>>> arrived,
            Map<Target, Map<String, Map<Integer, String>>> refused,
            Map<Target, Map<String, String>> created,
            Map<Target, TargetValues.Names> names) {

        static Observed of(TypeCases cases) {
            return new Observed(
                    cases,
                    new java.util.TreeMap<>(),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class));
        }

        /** Why a target refused the odd-names table's rows, or null. */
        String namesRefused(Target target) {
            return refused.getOrDefault(target, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("Odd"))
                    .flatMap(e -> e.getValue().values().stream())
                    .findFirst()
                    .orElse(null);
        }

        /** How many of the odd-names table's rows a target wrote or refused. */
        int namesSettled(Target target) {
            int refusedRows =
                    refused.getOrDefault(target, Map.of()).entrySet().stream()
                            .filter(e -> e.getKey().startsWith("Odd"))
                            .mapToInt(
                                    e ->
                                            (int)
                                                    e.getValue().keySet().stream()
                                                            .filter(id -> id != TargetValues.TABLE)
                                                            .count())
                            .sum();
            TargetValues.Names held = names.get(target);
            return refusedRows + (held == null ? 0 : held.rows().size());
        }

        /** The odd-names table's cell in a target: ✓, the name it has, or why it is not there. */
        String tableCell(Target target) {
            TargetValues.Names held = names.get(target);
            if (held == null || held.table() == null) {
                String why = namesRefused(target);
                return why == null ? "✗ not written" : "✗ refused: " + plain(why);
            }
            return held.table().equals(TypeCases.ODD_TABLE) ? "✓" : code(held.table());
        }

        /** Column {@code i}'s cell: ✓, the name its values arrived under, or that they did not. */
        String columnCell(Target target, int i) {
            TargetValues.Names held = names.get(target);
            if (held == null || held.table() == null) {
                return "✗";
            }
            String want = TypeCases.oddValue(i);
            if (held.columns() == null) { // CSV: by position
                return held.rows().stream().allMatch(r -> want.equals(r.get(i + 1)))
                        ? "✓ (by position)"
                        : "✗ values differ";
            }
            for (int j = 0; j < held.columns().size(); j++) {
                int column = j + 1;
                if (!held.rows().isEmpty()
                        && held.rows().stream().allMatch(r -> want.equals(r.get(column)))) {
                    String name = held.columns().get(j);
                    return name.equals(TypeCases.ODD_COLUMNS.get(i)) ? "✓" : code(name);
                }
            }
            return "✗ values not found";
        }

        /** The cell of one value in one target: ✓, what arrived, or why nothing did. */
        String cell(Target target, String table, int id) {
            String want = source.get(table).get(id);
            String got =
                    arrived.getOrDefault(target, Map.of()).getOrDefault(table, Map.of()).get(id);
            if (got != null) {
                return same(want, got) ? "✓" : code(got);
            }
            Map<Integer, String> refusals =
                    refused.getOrDefault(target, Map.of()).getOrDefault(table, Map.of());
            String why = refusals.getOrDefault(id, refusals.get(TargetValues.TABLE));
            return why == null ? "✗ not written" : "✗ refused: " + plain(why);
        }

        /** The full load's cell, and CDC's where it differs. */
        String cells(Target target, String table, int id) {
            String load = cell(target, table, id);
            String cdc = cell(target, table, id + CDC);
            return load.equals(cdc) ? load : "load " + load + "; CDC " + cdc;
        }
    }

    private TypeMatrix() {}

    static final String SECTION = "## How source types arrive";

    static String subsection(TypeCases cases) {
        return cases.engine().equals("postgres")
                ? "### From PostgreSQL"
                : "### From MySQL and MariaDB";
    }

    /**
     * The same value: equal text, or equal as numbers, booleans or hexadecimal, or as times whose
     * fractions differ only in trailing zeros.
     */
    static boolean same(String want, String got) {
        if (want.equals(got) || fractionless(want).equals(fractionless(got))) {
            return true;
        }
        Boolean a = bool(want);
        Boolean b = bool(got);
        if (a != null && a.equals(b)) {
            return true;
        }
        if (want.matches("[0-9A-Fa-f]+") && want.equalsIgnoreCase(got)) {
            return true;
        }
        try {
            return new BigDecimal(want).compareTo(new BigDecimal(got)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A time's text with its fraction's trailing zeros (and a bare dot) dropped. */
    private static String fractionless(String s) {
        return s.replaceAll("(\\d\\d:\\d\\d:\\d\\d)(\\.\\d*?)0+\\b", "$1$2")
                .replaceAll("(\\d\\d:\\d\\d:\\d\\d)\\.(?!\\d)", "$1");
    }

    private static Boolean bool(String s) {
        return switch (s) {
            case "t", "true", "1" -> true;
            case "f", "false", "0" -> false;
            default -> null;
        };
    }

    static String markdown(List<Observed> sources) {
        StringBuilder out = new StringBuilder();
        out.append("# Type matrix\n\n")
                .append("Generated by `TypeMatrixIT` from what arrived; do not edit. Each source")
                .append(" type is a table\n(`id`, `v`) in a real PostgreSQL or MariaDB, migrated")
                .append(" by the DMS source (Debezium inside,\n`full-load-and-cdc`) through the")
                .append(" table-mapping SMT into every sink, then read back: the SQL\ntargets by")
                .append(" query, S3 files by DuckDB, DynamoDB by a scan. Each value is written")
                .append(" twice — before\nthe load and again during CDC — and a cell shows CDC's")
                .append(" outcome only where it differs.\n\n")
                .append("- ✓ the same value (as text; numbers compared as numbers, booleans as")
                .append(" true/false,\n  binary as hexadecimal, bits as binary digits).\n")
                .append("- `value` what arrived instead, as the target shows it.\n")
                .append("- ✗ not there: refused (to the dead letter queue, with the sink's")
                .append(" reason) or not written.\n\n")
                .append("Names: a table and its columns named with quotes, spaces, a semicolon,")
                .append(" mixed case and\nnon-ASCII letters; ✓ the same name, else the name the")
                .append(" target gave.\n\n")
                .append("Every cell other than ✓ is explained in its sink's page, under")
                .append(
                        " \"How source types arrive\":\n[JDBC](jdbc-sink.md#how-source-types-arrive),")
                .append(" [S3](s3-sink.md#how-source-types-arrive),\n")
                .append("[DynamoDB](dynamodb-sink.md#how-source-types-arrive). Regenerate")
                .append(" with\n`FERRY_WRITE_TYPE_MATRIX=true ./mvnw -B -ntp verify -pl")
                .append(" integration-tests -am -Dit.test=TypeMatrixIT`\n(the build fails while")
                .append(" this page differs from what arrived).\n");
        for (Observed observed : sources) {
            TypeCases cases = observed.cases();
            String engine = cases.engine().equals("postgres") ? "PostgreSQL" : "MySQL and MariaDB";
            out.append("\n## From ").append(engine).append("\n\n");
            out.append("### Values\n\n| type | source value |");
            for (Target target : Target.values()) {
                out.append(' ').append(target.title).append(" |");
            }
            out.append("\n|---|---|---|---|---|---|---|\n");
            for (TypeCases.Type type : cases.types()) {
                String table = type.table(cases.prefix());
                for (int id = 0; id <= type.values().size(); id++) {
                    out.append("| `")
                            .append(type.name())
                            .append("` | ")
                            .append(code(observed.source().get(table).get(id)))
                            .append(" |");
                    for (Target target : Target.values()) {
                        out.append(' ').append(observed.cells(target, table, id)).append(" |");
                    }
                    out.append('\n');
                }
            }
            out.append("\n### Names\n\n| source name |");
            for (Target target : Target.values()) {
                out.append(' ').append(target.title).append(" |");
            }
            out.append("\n|---|---|---|---|---|---|\n| table ")
                    .append(code(TypeCases.ODD_TABLE))
                    .append(" |");
            for (Target target : Target.values()) {
                out.append(' ').append(observed.tableCell(target)).append(" |");
            }
            out.append('\n');
            for (int i = 0; i < TypeCases.ODD_COLUMNS.size(); i++) {
                out.append("| column ").append(code(TypeCases.ODD_COLUMNS.get(i))).append(" |");
                for (Target target : Target.values()) {
                    out.append(' ').append(observed.columnCell(target, i)).append(" |");
                }
                out.append('\n');
            }
            out.append("\n### Types created\n\n")
                    .append("| type | PostgreSQL | MariaDB | S3 Parquet (DuckDB) | DynamoDB |\n")
                    .append("|---|---|---|---|---|\n");
            for (TypeCases.Type type : cases.types()) {
                String table = type.table(cases.prefix());
                out.append("| `").append(type.name()).append("` |");
                for (Target target :
                        List.of(Target.POSTGRES, Target.MARIADB, Target.PARQUET, Target.DYNAMODB)) {
                    String created = observed.created().get(target).get(table);
                    out.append(' ').append(created.isEmpty() ? "—" : code(created)).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The source types whose values do not all arrive as ✓ in a target, and that the target's page
     * does not name in its "How source types arrive" section: {@code page: engine type (target)}.
     */
    static List<String> unexplained(List<Observed> sources, Path docs) {
        List<String> missing = new ArrayList<>();
        for (Observed observed : sources) {
            TypeCases cases = observed.cases();
            for (TypeCases.Type type : cases.types()) {
                String table = type.table(cases.prefix());
                for (Target target : Target.values()) {
                    boolean exact = true;
                    for (int id = 0; id <= type.values().size(); id++) {
                        exact &= observed.cells(target, table, id).equals("✓");
                    }
                    String text = section(docs.resolve(target.page), subsection(cases));
                    if (!exact && !text.contains("`" + type.name() + "`")) {
                        missing.add(
                                target.page
                                        + ": "
                                        + subsection(cases)
                                        + " `"
                                        + type.name()
                                        + "` ("
                                        + target.title
                                        + ")");
                    }
                }
            }
        }
        return missing;
    }

    /** The text of {@code subsection} within the page's {@link #SECTION}, or empty. */
    private static String section(Path page, String subsection) {
        try {
            String text = Files.readString(page);
            int start = text.indexOf("\n" + SECTION + "\n");
            if (start < 0) {
                return "";
            }
            int end = text.indexOf("\n## ", start + 1);
            String within = end < 0 ? text.substring(start) : text.substring(start, end);
            int sub = within.indexOf("\n" + subsection + "\n");
            if (sub < 0) {
                return "";
            }
            int subEnd = within.indexOf("\n### ", sub + 1);
            return subEnd < 0 ? within.substring(sub) : within.substring(sub, subEnd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value as inline code: long ones cut (their length given), line breaks as {@code \n}. */
    static String code(String value) {
        if (value == null) {
            return "(none)";
        }
        String shown = value;
        int length = value.codePointCount(0, value.length());
        if (length > 40) {
            shown =
                    value.substring(0, value.offsetByCodePoints(0, 24))
                            + "… ("
                            + length
                            + " characters)";
        }
        StringBuilder out = new StringBuilder("`");
        for (char c : shown.replace("\n", "\\n").toCharArray()) {
            out.append(c == '`' ? '\'' : c == '|' ? "\\|" : String.valueOf(c));
        }
        return out.append('`').toString();
    }

    private static String plain(String text) {
        // A server's connection number differs from run to run.
        String one =
                text.replaceAll("\\(conn=\\d+\\) ", "")
                        .replace("|", "\\|")
                        .replace("\n", " ")
                        .replace("`", "'");
        return one.length() > 90 ? one.substring(0, 90) + "…" : one;
    }
}
