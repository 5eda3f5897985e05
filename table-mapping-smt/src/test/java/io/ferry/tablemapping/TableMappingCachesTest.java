package io.ferry.tablemapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.testing.Envelopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * What the SMT keeps between records: one plan per table even when tables share a schema instance
 * (JsonConverter gives equal unnamed schemas one instance), and one SMT used from many threads.
 */
class TableMappingCachesTest {
    private static final String RULES =
            """
            {"rules": [
              {"rule-type": "selection", "rule-id": "1", "rule-name": "1",
               "object-locator": {"schema-name": "sales", "table-name": "%"},
               "rule-action": "include"},
              {"rule-type": "transformation", "rule-id": "2", "rule-name": "2",
               "rule-target": "column", "rule-action": "rename", "value": "customer",
               "object-locator": {"schema-name": "sales", "table-name": "orders",
                                  "column-name": "name"}},
              {"rule-type": "transformation", "rule-id": "3", "rule-name": "3",
               "rule-target": "column", "rule-action": "remove-column",
               "object-locator": {"schema-name": "sales", "table-name": "items",
                                  "column-name": "name"}}
            ]}
            """;

    /** One unnamed row schema, and one envelope schema, for both tables. */
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .optional()
                    .field("id", Schema.INT32_SCHEMA)
                    .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                    .build();

    private static final Schema ENVELOPE = Envelopes.envelope(ROW);

    private static SourceRecord change(String table, int id) {
        Struct after = new Struct(ROW).put("id", id).put("name", "n" + id);
        Struct value =
                Envelopes.change(ENVELOPE, "c", null, after, Envelopes.source("sales", table, 0L));
        return new SourceRecord(
                Map.of(), Map.of(), "shop.sales." + table, null, null, null, ENVELOPE, value);
    }

    private static List<String> columns(SourceRecord mapped) {
        Struct after = ((Struct) mapped.value()).getStruct("after");
        return after.schema().fields().stream().map(Field::name).toList();
    }

    @Test
    void tablesSharingASchemaInstanceKeepTheirOwnRules() {
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(Map.of("table.mappings", RULES));
        // Either order: the first table's plan must not be reused for the second.
        assertEquals(List.of("id", "customer"), columns(smt.apply(change("orders", 1))));
        assertEquals(List.of("id"), columns(smt.apply(change("items", 2))));
        assertEquals(List.of("id", "customer"), columns(smt.apply(change("orders", 3))));
        smt.close();
    }

    @Test
    void oneSmtUsedFromManyThreadsMapsEveryRecordAsOneThreadWould() throws Exception {
        TableMapping<SourceRecord> smt = new TableMapping<>();
        smt.configure(Map.of("table.mappings", RULES));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(
                        pool.submit(
                                () -> {
                                    int wrong = 0;
                                    for (int i = 0; i < 20_000; i++) {
                                        // More tables than the caches hold: every thread
                                        // builds, evicts and reads at once.
                                        String table = "t" + (i * 7 + thread) % 3_000;
                                        boolean items = i % 2 == 0;
                                        SourceRecord mapped =
                                                smt.apply(change(items ? "items" : table, i));
                                        List<String> expected =
                                                items ? List.of("id") : List.of("id", "name");
                                        if (!columns(mapped).equals(expected)) {
                                            wrong++;
                                        }
                                    }
                                    return wrong;
                                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdownNow();
            smt.close();
        }
    }
}
