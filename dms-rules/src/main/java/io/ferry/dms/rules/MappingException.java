package io.ferry.dms.rules;

/**
 * A table-mapping document DMS would reject, or that Ferry cannot apply. The message names the rule
 * (by {@code rule-id}) and the field, so the REST validation error points at the line to fix.
 */
public class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }

    public static MappingException at(String ruleId, String field, String problem) {
        return new MappingException("rule-id " + ruleId + ": '" + field + "' " + problem);
    }
}
