package io.ferry.cli;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** Identifiers quoted the way the database says (double quotes, or backticks on MariaDB/MySQL). */
final class Identifiers {
    private final String quote;

    Identifiers(DatabaseMetaData metadata) throws SQLException {
        String q = metadata.getIdentifierQuoteString();
        this.quote = q == null || q.isBlank() ? "\"" : q.trim();
    }

    String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    String table(TableName table) {
        return table.schema() == null
                ? quote(table.table())
                : quote(table.schema()) + "." + quote(table.table());
    }
}
