package io.ferry.dms.rules;

import java.util.EnumSet;
import java.util.Set;

/**
 * DMS transformation {@code rule-action}s, with the targets DMS allows for each and the operands
 * each needs.
 */
public enum TransformAction {
    RENAME("rename", Needs.VALUE, names(true)),
    CONVERT_LOWERCASE("convert-lowercase", Needs.NOTHING, names(false)),
    CONVERT_UPPERCASE("convert-uppercase", Needs.NOTHING, names(false)),
    ADD_PREFIX("add-prefix", Needs.VALUE, names(false)),
    REMOVE_PREFIX("remove-prefix", Needs.VALUE, names(false)),
    REPLACE_PREFIX("replace-prefix", Needs.VALUE_AND_OLD_VALUE, names(false)),
    ADD_SUFFIX("add-suffix", Needs.VALUE, names(false)),
    REMOVE_SUFFIX("remove-suffix", Needs.VALUE, names(false)),
    REPLACE_SUFFIX("replace-suffix", Needs.VALUE_AND_OLD_VALUE, names(false)),
    REMOVE_COLUMN("remove-column", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN)),
    INCLUDE_COLUMN("include-column", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN)),
    DATA_MASKING_DIGITS_MASK(
            "data-masking-digits-mask", Needs.VALUE, EnumSet.of(RuleTarget.COLUMN)),
    DATA_MASKING_DIGITS_RANDOMIZE(
            "data-masking-digits-randomize", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN)),
    DATA_MASKING_HASH_MASK("data-masking-hash-mask", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN)),
    ADD_COLUMN("add-column", Needs.VALUE, EnumSet.of(RuleTarget.COLUMN)),
    CHANGE_DATA_TYPE("change-data-type", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN)),
    DEFINE_PRIMARY_KEY("define-primary-key", Needs.NOTHING, EnumSet.of(RuleTarget.TABLE)),
    ADD_BEFORE_IMAGE_COLUMNS(
            "add-before-image-columns", Needs.NOTHING, EnumSet.of(RuleTarget.COLUMN));

    /** Which of {@code value} and {@code old-value} the action requires. */
    enum Needs {
        NOTHING,
        VALUE,
        VALUE_AND_OLD_VALUE
    }

    private final String name;
    private final Needs needs;
    private final Set<RuleTarget> targets;

    TransformAction(String name, Needs needs, Set<RuleTarget> targets) {
        this.name = name;
        this.needs = needs;
        this.targets = targets;
    }

    private static Set<RuleTarget> names(boolean tablespaces) {
        Set<RuleTarget> targets =
                EnumSet.of(RuleTarget.SCHEMA, RuleTarget.TABLE, RuleTarget.COLUMN);
        if (tablespaces) {
            targets.add(RuleTarget.TABLE_TABLESPACE);
            targets.add(RuleTarget.INDEX_TABLESPACE);
        }
        return targets;
    }

    public String jsonName() {
        return name;
    }

    Needs needs() {
        return needs;
    }

    public boolean allows(RuleTarget target) {
        return targets.contains(target);
    }

    public boolean isMasking() {
        return this == DATA_MASKING_DIGITS_MASK
                || this == DATA_MASKING_DIGITS_RANDOMIZE
                || this == DATA_MASKING_HASH_MASK;
    }

    /** Renames and case or affix changes: actions whose result is a new name. */
    public boolean changesName() {
        return ordinal() <= REPLACE_SUFFIX.ordinal();
    }

    public static TransformAction fromName(String name) {
        for (TransformAction action : values()) {
            if (action.name.equals(name)) {
                return action;
            }
        }
        return null;
    }
}
