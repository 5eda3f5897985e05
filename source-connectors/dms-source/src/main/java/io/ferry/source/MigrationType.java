package io.ferry.source;

import java.util.Arrays;

/** DMS's {@code MigrationType}, spelled as in its API. */
enum MigrationType {
    FULL_LOAD("full-load"),
    FULL_LOAD_AND_CDC("full-load-and-cdc"),
    CDC("cdc");

    final String text;

    MigrationType(String text) {
        this.text = text;
    }

    static MigrationType of(String text) {
        return Arrays.stream(values())
                .filter(t -> t.text.equalsIgnoreCase(text.trim()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "'"
                                                + text
                                                + "' is not a migration type: full-load,"
                                                + " full-load-and-cdc or cdc"));
    }

    boolean capturesChanges() {
        return this != FULL_LOAD;
    }

    boolean loads() {
        return this != CDC;
    }
}
