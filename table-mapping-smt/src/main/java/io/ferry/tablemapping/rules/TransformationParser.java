package io.ferry.tablemapping.rules;

/** Parses a {@code transformation} rule. */
final class TransformationParser {
    private TransformationParser() {}

    static TransformationRule parse(RuleReader r) {
        String actionName = r.requiredText("rule-action");
        TransformAction action = TransformAction.fromName(actionName);
        if (action == null) {
            throw r.error(
                    "rule-action",
                    "is '" + actionName + "', which is not a DMS transformation action");
        }
        String targetName = r.requiredText("rule-target");
        RuleTarget target = RuleTarget.fromName(targetName);
        if (target == null) {
            throw r.error(
                    "rule-target",
                    "is '"
                            + targetName
                            + "'; expected schema, table, column, table-tablespace or index-tablespace");
        }
        if (!action.allows(target)) {
            throw r.error("rule-target", "'" + targetName + "' cannot be used with " + actionName);
        }
        ObjectLocator locator = r.locator(target != RuleTarget.SCHEMA, target == RuleTarget.COLUMN);
        if (action == TransformAction.DEFINE_PRIMARY_KEY
                && !(locator.schema().isLiteral() && locator.table().isLiteral())) {
            throw r.error("object-locator", "cannot hold a wildcard with define-primary-key");
        }
        String value = r.optionalText("value");
        String oldValue = r.optionalText("old-value");
        checkOperands(r, action, value, oldValue);
        if (locator.dataType() != null) {
            throw r.error(
                    "object-locator.data-type",
                    "selecting columns by data type is not supported by Ferry yet");
        }
        if (!action.supported()) {
            throw r.error("rule-action", actionName + " is not supported by Ferry yet");
        }
        return new TransformationRule(r.numericId(), action, target, locator, value, oldValue);
    }

    private static void checkOperands(
            RuleReader r, TransformAction action, String value, String oldValue) {
        if (action.needs() != TransformAction.Needs.NOTHING && (value == null || value.isEmpty())) {
            throw r.error("value", "is missing; " + action.jsonName() + " needs it");
        }
        if (action.needs() == TransformAction.Needs.VALUE_AND_OLD_VALUE
                && (oldValue == null || oldValue.isEmpty())) {
            throw r.error("old-value", "is missing; " + action.jsonName() + " needs it");
        }
        if (action == TransformAction.DATA_MASKING_DIGITS_MASK
                && (value.length() != 1 || value.charAt(0) <= ' ' || value.charAt(0) > '~')) {
            throw r.error("value", "must be one printable ASCII character other than a space");
        }
    }
}
