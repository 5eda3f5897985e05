package io.ferry.cli;

import io.ferry.dms.plan.TablePlan;
import io.ferry.dms.plan.TablePlanner;
import io.ferry.dms.rules.MappingParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which tables {@code ferry validate} compares with which copies: the ones named, else every source
 * table the DMS table mapping selects; each through the mapping when there is one. Kept apart from
 * the command so the command's class names no table-mapping type.
 */
final class ValidatedTables {
    private final Optional<TablePlanner> planner;

    private ValidatedTables(Optional<TablePlanner> planner) {
        this.planner = planner;
    }

    static ValidatedTables of(Path mappings) throws IOException {
        return new ValidatedTables(
                mappings == null
                        ? Optional.empty()
                        : Optional.of(
                                new TablePlanner(MappingParser.parse(Files.readString(mappings)))));
    }

    /** A source table and the copy named for it, or null to take the mapping's (or its own). */
    record Pair(TableName from, TableName to) {}

    /** The pairs: as given ({@code source[=target]}), else every table the mapping selects. */
    List<Pair> pairs(Connection source, List<String> given) throws SQLException {
        List<Pair> pairs = new ArrayList<>();
        if (!given.isEmpty()) {
            for (String text : given) {
                String[] parts = text.split("=", 2);
                pairs.add(
                        new Pair(
                                TableName.parse(parts[0].trim()),
                                parts.length > 1 ? TableName.parse(parts[1].trim()) : null));
            }
            return pairs;
        }
        if (planner.isEmpty()) {
            throw new IllegalArgumentException(
                    "name tables with --table, or give --table-mappings");
        }
        for (TableName table : ComparedTable.tables(source.getMetaData())) {
            if (planner.get().plan(ComparedTable.id(table)).selected()) {
                pairs.add(new Pair(table, null));
            }
        }
        return pairs;
    }

    /** What to compare for one pair: the copy the pair or the mapping names, through the plan. */
    ComparedTable compared(Connection source, Connection target, TableName from, TableName to)
            throws SQLException {
        Optional<TablePlan> plan = planner.map(p -> p.plan(ComparedTable.id(from)));
        TableName copy =
                to != null
                        ? to
                        : plan.map(p -> new TableName(p.target().schema(), p.target().table()))
                                .orElse(from);
        return ComparedTable.of(source.getMetaData(), from, target.getMetaData(), copy, plan);
    }
}
