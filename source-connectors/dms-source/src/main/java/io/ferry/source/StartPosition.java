package io.ferry.source;

import io.ferry.dms.Engine;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A native CDC start point (DMS {@code CdcStartPosition}) as the Debezium source offset that makes
 * capture begin there: a PostgreSQL LSN, a MySQL/MariaDB binlog {@code file:position}, a SQL Server
 * LSN or an Oracle SCN. Only used while Connect holds no offset for the connector.
 *
 * @param partitions the source partitions Debezium reads its offset under
 * @param offset the offset to give it for each
 */
record StartPosition(List<Map<String, Object>> partitions, Map<String, Object> offset) {
    private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");
    private static final Pattern BINLOG = Pattern.compile("(.+):(\\d+)");
    private static final Pattern SQLSERVER_LSN =
            Pattern.compile("[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{4}");

    /**
     * @param gtids the GTID set executed at a binlog position (MySQL, MariaDB); may be blank
     * @param topicPrefix Debezium's {@code topic.prefix}, which names its source partition
     * @param databases SQL Server's {@code database.names}, one partition each
     * @throws IllegalArgumentException naming the expected format
     */
    static StartPosition parse(
            Engine engine, String text, String gtids, String topicPrefix, List<String> databases) {
        Map<String, Object> offset = offset(engine, text, gtids);
        List<Map<String, Object>> partitions =
                engine == Engine.SQLSERVER
                        ? databases.stream()
                                .<Map<String, Object>>map(
                                        d -> Map.of("server", topicPrefix, "database", d))
                                .toList()
                        : List.of(Map.of("server", topicPrefix));
        return new StartPosition(partitions, offset);
    }

    /**
     * The Debezium offset a start point is, whatever connector it is given to: what validation
     * checks.
     *
     * @throws IllegalArgumentException naming the expected format
     */
    static Map<String, Object> offset(Engine engine, String text, String gtids) {
        String position = text.trim();
        return switch (engine) {
            case POSTGRES -> Map.of("lsn", lsn(position));
            case MYSQL, MARIADB -> {
                Matcher m = BINLOG.matcher(position);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "'"
                                    + text
                                    + "' is not a binlog file:position like mysql-bin.000024:373");
                }
                if (engine == Engine.MARIADB && gtids.isBlank()) {
                    throw new IllegalArgumentException(
                            "needs cdc.start.gtid.set beside it for MariaDB, whose binlog reader"
                                    + " starts from a GTID position (mariadb-dump --master-data=2"
                                    + " prints it as gtid_slave_pos)");
                }
                Map<String, Object> offset = new java.util.HashMap<>();
                offset.put("file", m.group(1));
                offset.put("pos", Long.parseLong(m.group(2)));
                if (!gtids.isBlank()) {
                    offset.put("gtids", gtids.trim());
                }
                yield Map.copyOf(offset);
            }
            case SQLSERVER -> {
                if (!SQLSERVER_LSN.matcher(position).matches()) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not a SQL Server LSN like 0000002b:00000f20:0001");
                }
                yield Map.of("commit_lsn", position.toLowerCase(java.util.Locale.ROOT));
            }
            case ORACLE -> {
                if (!position.matches("\\d+")) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not an Oracle SCN (digits)");
                }
                yield Map.of("scn", position);
            }
        };
    }

    /** {@code 16/B374D848} (as PostgreSQL prints it) or the plain number. */
    static long lsn(String text) {
        Matcher m = LSN.matcher(text);
        if (m.matches()) {
            return (Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16);
        }
        if (text.matches("\\d+")) {
            return Long.parseLong(text);
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a PostgreSQL LSN like 16/B374D848");
    }
}
