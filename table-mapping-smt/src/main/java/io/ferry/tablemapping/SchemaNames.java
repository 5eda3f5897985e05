package io.ferry.tablemapping;

import io.ferry.common.TableId;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Carries a struct schema's name, version, doc, parameters and optionality over to a rewritten
 * schema, renaming Debezium's {@code prefix.schema.table.Value}-style names to the target table.
 */
final class SchemaNames {
    private SchemaNames() {}

    static SchemaBuilder copyHeader(Schema source, TableId from, TableId to) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (source.name() != null) {
            builder.name(rename(source.name(), from, to));
        }
        if (source.version() != null) {
            builder.version(source.version());
        }
        if (source.doc() != null) {
            builder.doc(source.doc());
        }
        if (source.parameters() != null && !source.parameters().isEmpty()) {
            builder.parameters(source.parameters());
        }
        if (source.isOptional()) {
            builder.optional();
        }
        return builder;
    }

    static String rename(String name, TableId from, TableId to) {
        String old = "." + from.schema() + "." + from.table() + ".";
        int at = name.indexOf(old);
        if (at < 0 || from.equals(to)) {
            return name;
        }
        return name.substring(0, at)
                + "."
                + to.schema()
                + "."
                + to.table()
                + "."
                + name.substring(at + old.length());
    }

    /** The topic for the target table: a {@code prefix.schema.table} topic gets the new names. */
    static String topic(String topic, TableId from, TableId to) {
        String old = "." + from.schema() + "." + from.table();
        if (from.equals(to) || !topic.endsWith(old)) {
            return topic;
        }
        return topic.substring(0, topic.length() - old.length())
                + "."
                + to.schema()
                + "."
                + to.table();
    }
}
