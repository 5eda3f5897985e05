package io.ferry.source;

import io.ferry.common.TableId;
import io.ferry.dms.rules.LobSettings;
import io.ferry.dms.rules.MappingException;
import io.ferry.dms.rules.TableSettingsRule;
import java.util.List;

/**
 * What DMS's LOB settings keep of each LOB, per table: nothing ({@code SupportLobs=false}), its
 * first KB (limited mode, or a table's {@code lob-settings} in limited mode), or all of it (full
 * mode, {@code unlimited}, and Ferry's default). Also the Kafka record size a row then needs.
 */
final class LobLimits {
    /** Kafka's default {@code max.request.size} and broker {@code message.max.bytes}, about. */
    static final long KAFKA_DEFAULT_BYTES = 1_048_576;

    /** What a whole-LOB migration asks of Kafka: within the producer's 32 MiB buffer. */
    static final long WHOLE_LOB_RECORD_BYTES = 16L * 1_048_576;

    /** The most this asks of Kafka: within an int (Kafka's size settings are ints). */
    static final long MAX_RECORD_BYTES = 256L * 1_048_576;

    /** Bytes kept of each LOB when it is kept whole. */
    static final long WHOLE = -1;

    private final boolean supported;
    private final Integer taskMaxKb;
    private final List<TableSettingsRule> rules;
    private final java.util.function.Function<TableId, List<String>> definedKeys;
    private final boolean changesLobs;
    private final java.util.Map<TableId, List<String>> definedKeyCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private LobLimits(
            boolean supported,
            Integer taskMaxKb,
            List<TableSettingsRule> rules,
            java.util.function.Function<TableId, List<String>> definedKeys) {
        this.supported = supported;
        this.taskMaxKb = taskMaxKb;
        this.rules = rules;
        this.definedKeys = definedKeys;
        // Asked for every record: decided once.
        this.changesLobs =
                !supported
                        || taskMaxKb != null
                        || rules.stream()
                                .anyMatch(r -> r.lob().get().mode() == LobSettings.Mode.LIMITED);
    }

    /**
     * @param taskMaxKb {@code LobMaxSize} in limited mode; null when LOBs are kept whole
     * @param tableSettings the mapping's table-settings rules; those with LOB settings other than
     *     {@code none} are refused when LOBs are not supported at all
     */
    static LobLimits of(
            boolean supported, Integer taskMaxKb, List<TableSettingsRule> tableSettings) {
        return of(supported, taskMaxKb, tableSettings, table -> List.of());
    }

    /**
     * @param definedKeys the source columns a {@code define-primary-key} rule makes a table's key:
     *     never cut or left out, like the columns of Debezium's key
     */
    static LobLimits of(
            boolean supported,
            Integer taskMaxKb,
            List<TableSettingsRule> tableSettings,
            java.util.function.Function<TableId, List<String>> definedKeys) {
        List<TableSettingsRule> rules =
                tableSettings.stream()
                        .filter(
                                r ->
                                        r.lob().isPresent()
                                                && r.lob().get().mode() != LobSettings.Mode.NONE)
                        .toList();
        if (!supported && !rules.isEmpty()) {
            throw MappingException.at(
                    Integer.toString(rules.get(0).ruleId()),
                    "lob-settings",
                    "keeps LOBs of a table while "
                            + DmsSourceConfig.SUPPORT_LOBS
                            + "=false leaves every LOB out; set one or the other");
        }
        return new LobLimits(supported, taskMaxKb, rules, definedKeys);
    }

    /** The columns the table mapping makes the table's key. */
    List<String> definedKey(TableId table) {
        return definedKeyCache.computeIfAbsent(table, definedKeys);
    }

    /** Whether LOB columns are left out of every row. */
    boolean dropsLobs() {
        return !supported;
    }

    /** Whether any LOB is dropped or cut, so the source must tell LOB columns apart. */
    boolean changesLobs() {
        return changesLobs;
    }

    /** Bytes kept of each LOB of the table, or {@link #WHOLE}. */
    long maxBytes(TableId table) {
        for (TableSettingsRule rule : rules) {
            if (rule.matches(table)) {
                LobSettings lob = rule.lob().get();
                return lob.mode() == LobSettings.Mode.UNLIMITED
                        ? WHOLE
                        : lob.bulkMaxSizeKb() * 1024L;
            }
        }
        return taskMaxKb == null ? WHOLE : taskMaxKb * 1024L;
    }

    /**
     * The Kafka record size (producer {@code max.request.size}, topic {@code max.message.bytes},
     * consumer {@code max.partition.fetch.bytes}) rows with such LOBs need: Kafka's default without
     * LOBs; in limited mode room for the before and after images of a few cut LOBs, each written up
     * to twice its size by a converter (JSON escapes, base64); with whole LOBs 16 MiB.
     */
    long recordBytes() {
        if (!supported) {
            return KAFKA_DEFAULT_BYTES;
        }
        boolean whole =
                taskMaxKb == null
                        || rules.stream()
                                .anyMatch(r -> r.lob().get().mode() == LobSettings.Mode.UNLIMITED);
        if (whole) {
            return WHOLE_LOB_RECORD_BYTES;
        }
        long largestKb = taskMaxKb;
        for (TableSettingsRule rule : rules) {
            largestKb = Math.max(largestKb, rule.lob().get().bulkMaxSizeKb());
        }
        return Math.min(MAX_RECORD_BYTES, KAFKA_DEFAULT_BYTES + 8 * largestKb * 1024);
    }
}
