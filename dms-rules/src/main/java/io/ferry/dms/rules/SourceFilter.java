package io.ferry.dms.rules;

import java.util.List;

/** A {@code filter-type: source} filter: a column and conditions, any one of which passes it. */
public record SourceFilter(String column, List<FilterCondition> conditions) {}
