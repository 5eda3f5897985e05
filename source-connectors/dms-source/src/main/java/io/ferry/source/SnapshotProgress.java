package io.ferry.source;

import io.ferry.dms.Engine;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether Debezium's snapshot is complete, read from the snapshot metrics every Debezium connector
 * registers ({@code SnapshotCompleted}) — also true for a snapshot of empty tables, which emits no
 * record to tell by.
 */
final class SnapshotProgress {
    private final ObjectName pattern;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    SnapshotProgress(Engine engine, String topicPrefix) {
        try {
            pattern =
                    new ObjectName(
                            DebeziumConnectors.of(engine).metricsDomain
                                    + ":type=connector-metrics,context=snapshot,server="
                                    + topicPrefix
                                    + ",*");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("topic.prefix " + topicPrefix, e);
        }
    }

    boolean completed() {
        for (ObjectName name : server.queryNames(pattern, null)) {
            try {
                if (Boolean.TRUE.equals(server.getAttribute(name, "SnapshotCompleted"))) {
                    return true;
                }
            } catch (javax.management.JMException e) {
                // Unregistered between query and read: not complete yet.
            }
        }
        return false;
    }
}
