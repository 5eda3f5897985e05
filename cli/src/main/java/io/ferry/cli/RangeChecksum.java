package io.ferry.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An order-independent checksum of a key range's rows computed inside the database, so equal ranges
 * are never read out: each row's text is hashed, 60 bits of each hash summed. Only meaningful
 * between two databases of the same engine (the row text is the engine's own), so it exists only
 * for such pairs; a range whose count or sum differ is then compared row by row, which decides.
 * Different collations or column types only cost speed, never correctness.
 */
final class RangeChecksum {
    private final Function<List<String>, String> rowHash;

    private RangeChecksum(Function<List<String>, String> rowHash) {
        this.rowHash = rowHash;
    }

    /** The checksum both databases can compute alike, if they are the same engine. */
    static Optional<RangeChecksum> between(Connection source, Connection target)
            throws SQLException {
        String engine = engine(source);
        if (!engine.equals(engine(target))) {
            return Optional.empty();
        }
        return switch (engine) {
            case "postgresql" ->
                    Optional.of(
                            new RangeChecksum(
                                    columns ->
                                            "('x' || substr(md5(ROW("
                                                    + String.join(", ", columns)
                                                    + ")::text), 1, 15))::bit(60)::bigint"));
            case "mysql" ->
                    Optional.of(
                            new RangeChecksum(
                                    columns ->
                                            "CAST(conv(substr(md5(concat_ws(',', "
                                                    + columns.stream()
                                                            .map(c -> "quote(" + c + ")")
                                                            .collect(Collectors.joining(", "))
                                                    + ")), 1, 15), 16, 10) AS UNSIGNED)"));
            default -> Optional.empty();
        };
    }

    /** {@code count(*), sum(hash)} over the given (quoted) columns, for a SELECT list. */
    String aggregate(List<String> quotedColumns) {
        return "COUNT(*), COALESCE(SUM(" + rowHash.apply(quotedColumns) + "), 0)";
    }

    private static String engine(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return "postgresql";
        }
        // MariaDB and MySQL hash and quote alike: one family.
        return product.contains("mariadb") || product.contains("mysql") ? "mysql" : product;
    }
}
