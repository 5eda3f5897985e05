package io.ferry.dms.rules;

/**
 * A table's {@code lob-settings}: {@code limited} keeps the first {@code bulk-max-size} KB of each
 * LOB, {@code unlimited} keeps whole LOBs, {@code none} leaves the table to the task's LOB
 * settings. {@code bulkMaxSizeKb} is null when the rule gives none.
 */
public record LobSettings(Mode mode, Integer bulkMaxSizeKb) {
    /** {@code lob-settings.mode}. */
    public enum Mode {
        LIMITED,
        UNLIMITED,
        NONE
    }
}
