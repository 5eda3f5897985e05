package io.ferry.sink.jdbc.table;

import org.apache.kafka.connect.data.Schema;

/** A target column: its name and the Connect schema its values arrive with. */
public record Column(String name, Schema schema) {}
