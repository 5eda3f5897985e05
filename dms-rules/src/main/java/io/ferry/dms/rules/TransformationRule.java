package io.ferry.dms.rules;

import io.ferry.dms.expr.DataType;
import io.ferry.dms.expr.Expression;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A {@code transformation} rule; {@code value}, {@code oldValue}, {@code dataType} and {@code
 * expression} and {@code beforeImage} are null when absent, {@code keyColumns}
 * (define-primary-key's columns) empty. The expression is compiled once, when the rule is parsed.
 */
public record TransformationRule(
        int ruleId,
        TransformAction action,
        RuleTarget target,
        ObjectLocator locator,
        String value,
        String oldValue,
        DataType dataType,
        Expression expression,
        List<String> keyColumns,
        BeforeImageDef beforeImage,
        boolean softDelete) {

    /**
     * The new name this rule gives an object, for actions that {@linkplain
     * TransformAction#changesName() change names}.
     */
    public UnaryOperator<String> renamer() {
        return switch (action) {
            case RENAME -> name -> value;
            case CONVERT_LOWERCASE -> name -> name.toLowerCase(Locale.ROOT);
            case CONVERT_UPPERCASE -> name -> name.toUpperCase(Locale.ROOT);
            case ADD_PREFIX -> name -> value + name;
            case REMOVE_PREFIX ->
                    name -> name.startsWith(value) ? name.substring(value.length()) : name;
            case REPLACE_PREFIX ->
                    name ->
                            name.startsWith(oldValue)
                                    ? value + name.substring(oldValue.length())
                                    : name;
            case ADD_SUFFIX -> name -> name + value;
            case REMOVE_SUFFIX ->
                    name ->
                            name.endsWith(value)
                                    ? name.substring(0, name.length() - value.length())
                                    : name;
            case REPLACE_SUFFIX ->
                    name ->
                            name.endsWith(oldValue)
                                    ? name.substring(0, name.length() - oldValue.length()) + value
                                    : name;
            default -> throw new IllegalStateException(action + " does not change names");
        };
    }
}
