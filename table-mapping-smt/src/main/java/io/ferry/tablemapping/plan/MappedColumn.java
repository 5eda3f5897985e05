package io.ferry.tablemapping.plan;

import java.util.function.UnaryOperator;

/** Where a source column goes: its target name, and the mask applied to its value (or null). */
public record MappedColumn(String name, UnaryOperator<String> mask) {}
