package io.ferry.dms.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed table-mapping document: its selection, transformation, table-settings and object-mapping
 * rules, each list in {@code rule-id} order. The SMT applies selections and transformations; the
 * source reads selections and LOB settings; the DynamoDB sink reads object mappings.
 */
public record MappingDocument(
        List<SelectionRule> selections,
        List<TransformationRule> transformations,
        List<TableSettingsRule> tableSettings,
        List<ObjectMappingRule> objectMappings) {

    /**
     * What of the document Ferry does not carry out, each naming its rule-id and why, for {@code
     * ferry translate} and the source's log. Views are not here: the source refuses them.
     */
    public List<String> notCarried() {
        List<String> notes = new ArrayList<>();
        for (SelectionRule selection : selections) {
            if (selection.loadOrder() != null) {
                notes.add(
                        "rule-id "
                                + selection.ruleId()
                                + ": load-order "
                                + selection.loadOrder()
                                + " is not followed; the full load reads the selected tables in"
                                + " the order Debezium's snapshot takes them");
            }
        }
        for (TableSettingsRule settings : tableSettings) {
            if (settings.parallelLoad().isPresent()) {
                notes.add(
                        "rule-id "
                                + settings.ruleId()
                                + ": parallel-load is not carried out here: the full load"
                                + " reads the table in one Debezium snapshot thread (Ferry's"
                                + " parallel full load reads ranges of PostgreSQL tables, and"
                                + " ranges and partitions of MariaDB ones in a full-load"
                                + " migration, without LOB settings)");
            }
        }
        return notes;
    }

    /**
     * What of the document Ferry's parallel full load does as DMS does not: LOB settings (it sends
     * LOBs whole), {@code partitions-list} (it loads the other partitions too). It runs only when
     * it reads every {@code parallel-load} rule of the document.
     */
    public List<String> notCarriedByParallelLoad() {
        List<String> notes = new ArrayList<>();
        for (TableSettingsRule settings : tableSettings) {
            if (settings.parallelLoad().orElse(null) instanceof ParallelLoad.PartitionsList) {
                notes.add(
                        "rule-id "
                                + settings.ruleId()
                                + ": partitions-list: Ferry's parallel full load loads the"
                                + " table's other partitions too, as one more segment (DMS loads"
                                + " the listed ones only)");
            }
            if (settings.lob().isPresent()) {
                notes.add(
                        "rule-id "
                                + settings.ruleId()
                                + ": lob-settings are not carried out by Ferry's parallel full"
                                + " load; it sends LOBs whole");
            }
        }
        return notes;
    }
}
