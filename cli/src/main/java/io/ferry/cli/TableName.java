package io.ferry.cli;

/** {@code schema.table} (the database on MySQL/MariaDB), or a bare table name. */
record TableName(String schema, String table) {
    static TableName parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0
                ? new TableName(null, text)
                : new TableName(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
