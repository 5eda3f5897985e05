package io.ferry.dms.plan;

import io.ferry.dms.expr.DataType;
import java.util.function.UnaryOperator;

/**
 * Where a source column goes: its target name, the mask applied to its value (or null), and the
 * data type a change-data-type rule gives it (or null to keep the source type).
 */
public record MappedColumn(String name, UnaryOperator<String> mask, DataType type) {}
