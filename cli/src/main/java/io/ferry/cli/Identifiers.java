package io.ferry.cli;

import io.ferry.dms.Engine;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Identifiers quoted as the connected database's engine quotes them ({@link Engine#quote}); a
 * database of no engine Ferry knows, the way its driver says.
 */
final class Identifiers {
    private final Optional<Engine> engine;
    private final String quote;

    Identifiers(DatabaseMetaData metadata) throws SQLException {
        this.engine = Engine.ofProduct(metadata.getDatabaseProductName());
        String q = metadata.getIdentifierQuoteString();
        this.quote = q == null || q.isBlank() ? "\"" : q.trim();
    }

    String quote(String identifier) {
        return engine.map(e -> e.quote(identifier))
                .orElseGet(() -> quote + identifier.replace(quote, quote + quote) + quote);
    }

    String table(TableName table) {
        return table.schema() == null
                ? quote(table.table())
                : quote(table.schema()) + "." + quote(table.table());
    }
}
