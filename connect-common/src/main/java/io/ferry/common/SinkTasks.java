package io.ferry.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** What every Ferry sink does alike around its tasks: fan-out, names, and bad records. */
public final class SinkTasks {
    private SinkTasks() {}

    /** {@code maxTasks} copies of the connector's settings: partitions spread the work. */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    /** The connector's name from its settings: a migration's identity in the target. */
    public static String connectorName(Map<String, ?> originals, String fallback) {
        Object name = originals.get("name");
        return name == null ? fallback : name.toString();
    }

    /** Connect's {@code errors.tolerance} (a worker key, read as given): all means report. */
    public static boolean toleratesErrors(Map<String, ?> originals) {
        return "all".equals(String.valueOf(originals.get("errors.tolerance")));
    }

    /** Where a record came from, as error messages name it: {@code topic-partition@offset}. */
    public static String where(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }

    /**
     * A record the sink cannot write: to the errant-record reporter (the DLQ, with the original
     * record) when errors are tolerated, else a {@link ConnectException} naming it.
     *
     * @return the report's completion: the record is in the DLQ once it is done
     */
    public static Future<Void> reject(
            SinkTaskContext context, boolean tolerate, SinkRecord record, Exception error) {
        ErrantRecordReporter reporter = tolerate ? context.errantRecordReporter() : null;
        if (reporter == null) {
            throw new ConnectException(
                    "Cannot write record " + where(record) + ": " + error.getMessage(), error);
        }
        return reporter.report(record, error);
    }
}
