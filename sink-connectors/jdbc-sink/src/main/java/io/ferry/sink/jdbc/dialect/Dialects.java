package io.ferry.sink.jdbc.dialect;

import io.ferry.sink.jdbc.TargetDatabase;

/** The dialect for a target. */
public final class Dialects {
    private Dialects() {}

    public static Dialect of(TargetDatabase target) {
        return switch (target.family()) {
            case POSTGRESQL -> new PostgresDialect();
            case MARIADB -> new MariaDbDialect();
        };
    }
}
