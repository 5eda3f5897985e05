package io.ferry.source;

import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * PostgreSQL refuses UPDATE and DELETE on a published table that has no primary key while its
 * replica identity is the default: the application's writes fail once capture starts, not the
 * migration. Such tables among those captured are found when the config is validated, and named
 * with the statement that fixes each.
 */
final class ReplicaIdentities {
    // Permanent tables (temporary and unlogged ones are never published) whose identity is
    // NOTHING, or the default without a primary key.
    private static final String KEYLESS =
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid ="
                    + " c.relnamespace WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p'"
                    + " AND (c.relreplident = 'n' OR c.relreplident = 'd' AND NOT EXISTS (SELECT"
                    + " 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)) AND"
                    + " n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT"
                    + " LIKE 'pg_toast%' ORDER BY 1, 2";

    private ReplicaIdentities() {}

    /**
     * What to run before capture, from Debezium's config for PostgreSQL; empty when nothing (or
     * when the database cannot be reached: Debezium's own validation reports that).
     */
    static Optional<String> problem(Map<String, String> debezium) {
        List<String> tables = new ArrayList<>();
        try (Connection connection = SourceConnections.open(Engine.POSTGRES, debezium);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(KEYLESS)) {
            Predicate<String> captured = captured(debezium);
            while (rows.next()) {
                String name = rows.getString(1) + "." + rows.getString(2);
                if (captured.test(name)) {
                    tables.add(quote(rows.getString(1)) + "." + quote(rows.getString(2)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message =
                new StringBuilder(
                        "tables without a primary key whose replica identity is the default (or"
                                + " whose identity is NOTHING):"
                                + " PostgreSQL refuses UPDATE and DELETE on them once they are"
                                + " published. Run");
        for (String table : tables) {
            message.append(" ALTER TABLE ").append(table).append(" REPLICA IDENTITY FULL;");
        }
        return Optional.of(
                message.append(
                                " (or let Debezium do it: replica.identity.autoset.values with"
                                        + " <schema>.<table>:FULL)")
                        .toString());
    }

    /** Debezium's include and exclude lists, and tables Debezium sets an identity for itself. */
    private static Predicate<String> captured(Map<String, String> debezium) {
        Predicate<String> included = any(debezium.get(DebeziumSettings.INCLUDE_LIST), true);
        Predicate<String> excluded = any(debezium.get(DebeziumSettings.EXCLUDE_LIST), false);
        return included.and(excluded.negate()).and(autoset(debezium).negate());
    }

    /** Tables Debezium sets to FULL or an index itself: {@code regex:FULL,regex:INDEX name}. */
    private static Predicate<String> autoset(Map<String, String> debezium) {
        String list = debezium.get("replica.identity.autoset.values");
        if (list == null || list.isBlank()) {
            return name -> false;
        }
        List<Pattern> fixed = new ArrayList<>();
        for (String entry : list.split(",")) {
            int colon = entry.lastIndexOf(':');
            String identity = colon < 0 ? "" : entry.substring(colon + 1).trim().toUpperCase();
            if (identity.startsWith("FULL") || identity.startsWith("INDEX")) {
                fixed.add(
                        Pattern.compile(
                                entry.substring(0, colon).trim(), Pattern.CASE_INSENSITIVE));
            }
        }
        return name -> fixed.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static Predicate<String> any(String list, boolean whenAbsent) {
        if (list == null || list.isBlank()) {
            return name -> whenAbsent;
        }
        List<Pattern> patterns =
                Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        // Debezium matches its lists without regard to case.
                        .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE))
                        .toList();
        return name -> patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static String quote(String identifier) {
        return Engine.POSTGRES.quote(identifier);
    }
}
