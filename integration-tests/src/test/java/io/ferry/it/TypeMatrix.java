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
            Map<Target, TargetValues.Names> names,
            Map<Target, TargetValues.Names> columnNames) {

        static Observed of(TypeCases cases) {
            return new Observed(
                    cases,
                    new java.util.TreeMap<>(),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class),
                    new EnumMap<>(Target.class));
        }

        /**
         * The refusals of a target for the table whose topic ends in {@code prefix}… (Debezium puts
         * underscores in a topic name for what Kafka does not take).
         */
        private Map<Integer, String> refusedOf(Target target, String prefix) {
            Map<Integer, String> out = new java.util.TreeMap<>();
            refused.getOrDefault(target, Map.of()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .forEach(e -> out.putAll(e.getValue()));
            return out;
        }

        /** How many rows of the two names tables a target wrote or refused (4 when done). */
        int namesSettled(Target target) {
            int settled = 0;
            for (String prefix : List.of("Odd", TypeCases.ODD_COLUMNS_TABLE)) {
                settled +=
                        (int)
                                refusedOf(target, prefix).keySet().stream()
                                        .filter(id -> id != TargetValues.TABLE)
                                        .count();
            }
            for (TargetValues.Names held :
                    java.util.Arrays.asList(names.get(target), columnNames.get(target))) {
                settled += held == null ? 0 : held.rows().size();
            }
            return settled;
        }

        /** The odd table's cell in a target: ✓, the name it has, or why it is not there. */
        String tableCell(Target target) {
            TargetValues.Names held = names.get(target);
            if (held == null || held.table() == null) {
                return missing(refusedOf(target, "Odd"));
            }
            return held.table().equals(TypeCases.ODD_TABLE) ? "✓" : code(held.table());
        }

        private static String missing(Map<Integer, String> refusals) {
            return refusals.isEmpty()
                    ? "✗ not written"
                    : "✗ refused: " + plain(refusals.values().iterator().next());
        }

        /** Column {@code i}'s cell: ✓, the name its values arrived under, or that they did not. */
        String columnCell(Target target, int i) {
            TargetValues.Names held = columnNames.get(target);
            if (held == null || held.table() == null) {
                return missing(refusedOf(target, TypeCases.ODD_COLUMNS_TABLE));
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
            Map<Integer, String> held =
                    arrived.getOrDefault(target, Map.of()).getOrDefault(table, Map.of());
            if (held.containsKey(TargetValues.TABLE)) {
                return "✗ " + plain(held.get(TargetValues.TABLE));
            }
            String got = held.get(id);
            if (got != null) {
                return same(typeOf(table), want, got) ? "✓" : code(got);
            }
            Map<Integer, String> refusals =
                    refused.getOrDefault(target, Map.of()).getOrDefault(table, Map.of());
            String why = refusals.getOrDefault(id, refusals.get(TargetValues.TABLE));
            return why == null ? "✗ not written" : "✗ refused: " + plain(why);
        }

        private String typeOf(String table) {
            return cases.types().stream()
                    .filter(t -> t.table(cases.prefix()).equals(table))
                    .findFirst()
                    .orElseThrow()
                    .name();
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

    private static final java.util.regex.Pattern NUMBERS =
            java.util.regex.Pattern.compile(
                    "int[248]|numeric.*|money|(tiny|small|medium|big)?int( unsigned)?"
                            + "|decimal.*|year|bit\\(10\\)");

    /**
     * The same value, by the type's own equality: equal text; or for numbers (and bit strings)
     * equal as decimals, for floats and doubles equal as such, for booleans equal as true/false,
     * for times and timestamps equal but for trailing zeros of the fraction.
     */
    static boolean same(String type, String want, String got) {
        if (want.equals(got)) {
            return true;
        }
        try {
            return switch (type) {
                case "float4", "float" -> Float.parseFloat(want) == Float.parseFloat(got);
                case "float8", "double" -> Double.parseDouble(want) == Double.parseDouble(got);
                case "bool", "bit(1)" -> bool(want) != null && bool(want).equals(bool(got));
                default ->
                        NUMBERS.matcher(type).matches()
                                ? new BigDecimal(want).compareTo(new BigDecimal(got)) == 0
                                : (type.contains("time") || type.contains("date"))
                                        && fractionless(want).equals(fractionless(got));
            };
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
                .append("- ✓ the same value: the same text, or by the type's own equality")
                .append(" (numbers and bit\n  strings as decimals, floats as floats, booleans as")
                .append(" true/false, times but for\n  trailing zeros); binary is read as")
                .append(" hexadecimal, bits as binary digits.\n")
                .append("- `value` what arrived instead, as the target shows it.\n")
                .append("- ✗ not there: refused (to the dead letter queue, with the sink's")
                .append(" reason) or not written.\n\n")
                .append("Names: a table, and in another table columns, named with quotes,")
                .append(" spaces, a semicolon,\nmixed case and non-ASCII letters; ✓ the same")
                .append(" name, else the name the target gave.\n\n")
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
                out.append("| column ")
                        .append(code(TypeCases.ODD_COLUMNS.get(i)))
                        .append(" of `")
                        .append(TypeCases.ODD_COLUMNS_TABLE)
                        .append("` |");
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
                    if (!exact && !explained(text, type.name(), target)) {
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

    /**
     * Whether one bullet of the section names the type and the target (a page that serves one
     * target, DynamoDB's, need not name it).
     */
    private static boolean explained(String section, String type, Target target) {
        String word =
                switch (target) {
                    case POSTGRES -> "PostgreSQL";
                    case MARIADB -> "MariaDB";
                    case CSV -> "CSV";
                    case PARQUET -> "Parquet";
                    case DYNAMODB -> "";
                };
        for (String bullet : section.split("\n(?=- )")) {
            if (bullet.startsWith("- ")
                    && bullet.contains("`" + type + "`")
                    && bullet.contains(word)) {
                return true;
            }
        }
        return false;
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
