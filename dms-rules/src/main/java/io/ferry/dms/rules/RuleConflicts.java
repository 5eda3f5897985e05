package io.ferry.dms.rules;

import java.util.List;

/**
 * Two transformation rules of one kind that can reach one object: DMS applies only the lower
 * rule-id, so the other is dropped without a word (a rename on every column shadowing the removal
 * of one). Ferry applies rules of different kinds together and refuses such a pair, naming both.
 * Objects are judged by their locators' patterns, as the objects are not known until records
 * arrive.
 */
final class RuleConflicts {
    private RuleConflicts() {}

    static void check(List<TransformationRule> rules) {
        for (int x = 0; x < rules.size(); x++) {
            TransformationRule a = rules.get(x);
            String kind = kind(a.action());
            if (kind == null) {
                continue;
            }
            for (int y = x + 1; y < rules.size(); y++) {
                TransformationRule b = rules.get(y);
                if (a.target() == b.target()
                        && kind.equals(kind(b.action()))
                        && overlap(a.locator(), b.locator(), level(a))) {
                    throw new MappingException(
                            "rule-id "
                                    + a.ruleId()
                                    + " and rule-id "
                                    + b.ruleId()
                                    + " both "
                                    + kind
                                    + " of any "
                                    + a.target().name().toLowerCase(java.util.Locale.ROOT)
                                    + " both their object-locators match; DMS would apply"
                                    + " only rule-id "
                                    + a.ruleId()
                                    + ". Keep one, or make the locators disjoint");
                }
            }
        }
    }

    /** What a rule changes, for rules of which an object takes one; null for the others. */
    private static String kind(TransformAction action) {
        if (action.changesName()) {
            return "change the name";
        }
        if (action.isMasking()) {
            return "mask the values";
        }
        return switch (action) {
            case CHANGE_DATA_TYPE -> "change the data type";
            case DEFINE_PRIMARY_KEY -> "define the primary key";
            case ADD_BEFORE_IMAGE_COLUMNS -> "add before-image columns";
            default -> null;
        };
    }

    /** Before-image columns are planned per table: their rules meet on the table. */
    private static RuleTarget level(TransformationRule rule) {
        return rule.action() == TransformAction.ADD_BEFORE_IMAGE_COLUMNS
                ? RuleTarget.TABLE
                : rule.target();
    }

    private static boolean overlap(ObjectLocator a, ObjectLocator b, RuleTarget target) {
        if (!a.schema().overlaps(b.schema())) {
            return false;
        }
        if (target == RuleTarget.SCHEMA) {
            return true;
        }
        if (a.table() != null && b.table() != null && !a.table().overlaps(b.table())) {
            return false;
        }
        return target != RuleTarget.COLUMN
                || a.column() == null
                || b.column() == null
                || a.column().overlaps(b.column());
    }
}
