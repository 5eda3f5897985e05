package io.ferry.transforms.predicates;

import io.ferry.common.DebeziumEnvelope;
import io.ferry.common.Operation;
import io.ferry.common.PluginVersion;
import io.ferry.dms.expr.EventBindings;
import io.ferry.dms.expr.Expression;
import io.ferry.dms.expr.ExpressionParser;
import io.ferry.dms.expr.ExpressionValues;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * True when a SQLite expression over the row is true, as a DMS filter judges it: the after image of
 * inserts, updates and snapshot rows, the before image of deletes, or a flat row. Use it with
 * Kafka's {@code Filter} to drop rows. Tombstones and records without a row never match.
 */
public final class ExpressionMatches<R extends ConnectRecord<R>>
        implements Predicate<R>, Versioned {
    public static final String EXPRESSION_CONFIG = "expression";

    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            EXPRESSION_CONFIG,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> ExpressionParser.parseSetting(name, (String) value),
                            ConfigDef.Importance.HIGH,
                            "A SQLite expression over the row's columns ($COL), e.g."
                                    + " $status = 'TEST' AND $amount < 0.");

    private Expression expression;

    @Override
    public void configure(Map<String, ?> props) {
        expression =
                ExpressionParser.parseSetting(
                        EXPRESSION_CONFIG,
                        new AbstractConfig(CONFIG_DEF, props).getString(EXPRESSION_CONFIG));
    }

    @Override
    public boolean test(R record) {
        Object value = record.value();
        if (value == null) {
            return false;
        }
        Object row = value;
        Object envelope = null;
        if (DebeziumEnvelope.isEnvelope(value)) {
            envelope = value;
            Operation op = DebeziumEnvelope.operation(value);
            row =
                    DebeziumEnvelope.image(
                            value,
                            op == Operation.DELETE
                                    ? DebeziumEnvelope.BEFORE
                                    : DebeziumEnvelope.AFTER);
            if (row == null) {
                return false;
            }
        }
        Object result =
                expression.eval(
                        new EventBindings(
                                row, DebeziumEnvelope.sourceTable(value).orElse(null), envelope));
        return ExpressionValues.isTrue(result);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {}

    @Override
    public String version() {
        return PluginVersion.of(ExpressionMatches.class);
    }
}
