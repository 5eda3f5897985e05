package io.ferry.dms.rules;

/** One {@code filter-conditions} entry: an operator and its text operands (null when unused). */
public record FilterCondition(FilterOperator operator, String value, String start, String end) {}
