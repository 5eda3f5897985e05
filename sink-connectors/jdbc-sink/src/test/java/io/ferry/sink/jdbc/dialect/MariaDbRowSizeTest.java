package io.ferry.sink.jdbc.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.SourceColumnTypes;
import io.ferry.sink.jdbc.table.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Issue 16, item 15: varchar(n) as far as both MySQL/MariaDB row size limits allow. */
class MariaDbRowSizeTest {
    private static Column varchar(String name, int length) {
        return new Column(
                name,
                SchemaBuilder.string()
                        .optional()
                        .parameter(SourceColumnTypes.TYPE, "VARCHAR")
                        .parameter(SourceColumnTypes.LENGTH, Integer.toString(length))
                        .build());
    }

    @Test
    void declaredLengthsBecomeVarcharsAndKeyAndUndeclaredStay() {
        List<String> types =
                MariaDbRowSize.types(
                        List.of(
                                new Column("id", Schema.INT32_SCHEMA),
                                varchar("code", 12),
                                new Column("note", Schema.OPTIONAL_STRING_SCHEMA)),
                        "id"::equals);
        assertEquals(List.of("int", "varchar(12)", "longtext"), types);
    }

    /** Short varchars stay inline: 60 of 50 characters pass InnoDB's half page only in part. */
    @Test
    void manyShortColumnsKeepWithinInnoDbsInlineLimit() {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            columns.add(varchar("s" + i, 50));
        }
        columns.add(varchar("long", 2000));
        List<String> types = MariaDbRowSize.types(columns, c -> false);
        long inline = 0;
        for (String type : types.subList(0, 60)) {
            inline += type.equals("varchar(50)") ? 201 : 12;
        }
        assertTrue(inline <= 8_126, "inline bytes " + inline);
        assertTrue(types.contains("varchar(50)") && types.contains("longtext"), types.toString());
        assertEquals("varchar(2000)", types.get(60), "off the page it is a 20-byte pointer");
    }

    /** 70 of 300 characters (1,202 bytes each at most) exceed 65,535 bytes: the rest longtext. */
    @Test
    void wideTablesKeepWithinTheServersRowLimit() {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            columns.add(varchar("c" + i, 300));
        }
        List<String> types = MariaDbRowSize.types(columns, c -> false);
        long varchars = types.stream().filter("varchar(300)"::equals).count();
        assertTrue(varchars > 40 && varchars < 70, types.toString());
        assertTrue(varchars * 1_202 + (70 - varchars) * 12 <= 65_535);
    }
}
