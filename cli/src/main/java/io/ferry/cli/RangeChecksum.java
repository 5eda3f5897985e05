package io.ferry.cli;

import io.ferry.dms.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
        Optional<Engine> engine = engine(source);
        Optional<Engine> other = engine(target);
        if (engine.isEmpty() || other.isEmpty() || !engine.get().sameFamily(other.get())) {
            return Optional.empty();
        }
        // MariaDB and MySQL hash and quote alike: one family.
        return switch (engine.get()) {
            case POSTGRES ->
                    Optional.of(
                            new RangeChecksum(
                                    columns ->
                                            "('x' || substr(md5(ROW("
                                                    + String.join(", ", columns)
                                                    + ")::text), 1, 15))::bit(60)::bigint"));
            case MYSQL, MARIADB ->
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

    private static Optional<Engine> engine(Connection connection) throws SQLException {
        return Engine.ofProduct(connection.getMetaData().getDatabaseProductName());
    }
}
