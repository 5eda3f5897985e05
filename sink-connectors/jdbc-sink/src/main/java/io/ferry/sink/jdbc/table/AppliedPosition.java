package io.ferry.sink.jdbc.table;

import io.ferry.common.SourcePosition;

/**
 * Where a partition's applied changes reached in the source's log: the last streamed change
 * applied, and whether the records read since are the source sending changes again (so a tombstone
 * among them, which carries no position, is a repeat too).
 */
public record AppliedPosition(SourcePosition position, boolean repeating) {}
