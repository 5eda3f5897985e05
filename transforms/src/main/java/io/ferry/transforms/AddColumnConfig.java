package io.ferry.transforms;

import io.ferry.dms.expr.ComputedColumn;
import io.ferry.dms.expr.DataType;
import io.ferry.dms.expr.ExpressionParser;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** {@link AddColumn}'s settings; the expression is parsed by the validator and here alike. */
final class AddColumnConfig extends AbstractConfig {
    static final String NAME_CONFIG = "column.name";
    static final String TYPE_CONFIG = "column.type";
    static final String PRECISION_CONFIG = "column.precision";
    static final String SCALE_CONFIG = "column.scale";
    static final String EXPRESSION_CONFIG = "expression";

    static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            NAME_CONFIG,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(),
                            ConfigDef.Importance.HIGH,
                            "Name of the column to add (DMS's rule 'value').")
                    .define(
                            TYPE_CONFIG,
                            ConfigDef.Type.STRING,
                            "string",
                            (name, value) -> {
                                if (!DataType.supports((String) value)) {
                                    throw new ConfigException(
                                            name, value, "not a DMS data type Ferry can add");
                                }
                            },
                            ConfigDef.Importance.MEDIUM,
                            "DMS data-type.type of the column: string, int4, int8, real8, numeric,"
                                    + " boolean, date, datetime, and the others DMS lists.")
                    .define(
                            PRECISION_CONFIG,
                            ConfigDef.Type.INT,
                            null,
                            ConfigDef.Importance.LOW,
                            "DMS data-type.precision, for numeric.")
                    .define(
                            SCALE_CONFIG,
                            ConfigDef.Type.INT,
                            null,
                            ConfigDef.Importance.LOW,
                            "DMS data-type.scale, for numeric.")
                    .define(
                            EXPRESSION_CONFIG,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            (name, value) -> ExpressionParser.parseSetting(name, (String) value),
                            ConfigDef.Importance.HIGH,
                            "The SQLite expression DMS would evaluate, e.g. $FIRST_NAME||'_'||$LAST_NAME.");

    private final ComputedColumn column;

    AddColumnConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        DataType type =
                new DataType(
                        getString(TYPE_CONFIG),
                        getInt(PRECISION_CONFIG),
                        getInt(SCALE_CONFIG),
                        null);
        column =
                new ComputedColumn(
                        getString(NAME_CONFIG),
                        type,
                        ExpressionParser.parseSetting(
                                EXPRESSION_CONFIG, getString(EXPRESSION_CONFIG)));
    }

    ComputedColumn column() {
        return column;
    }
}
