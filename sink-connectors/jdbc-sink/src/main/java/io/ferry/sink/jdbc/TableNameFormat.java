package io.ferry.sink.jdbc;

import io.ferry.common.TableId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * The template that names a target table when the table-mapping SMT did not: {@code ${topic}},
 * {@code ${source.schema}} and {@code ${source.table}}. Dots in the result become underscores, so a
 * topic {@code shop.sales.orders} becomes table {@code shop_sales_orders}.
 */
public final class TableNameFormat {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final String template;

    private TableNameFormat(String template) {
        this.template = template;
    }

    public static TableNameFormat parse(String template) {
        if (template == null || template.isBlank()) {
            throw new ConfigException(JdbcSinkConfig.TABLE_NAME_FORMAT, template, "is empty");
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!name.equals("topic")
                    && !name.equals("source.schema")
                    && !name.equals("source.table")) {
                throw new ConfigException(
                        JdbcSinkConfig.TABLE_NAME_FORMAT,
                        template,
                        "unknown placeholder ${"
                                + name
                                + "}; use ${topic}, ${source.schema} or ${source.table}");
            }
        }
        return new TableNameFormat(template);
    }

    /** The table name for a record of {@code topic} captured from {@code source}, if known. */
    public String format(String topic, Optional<TableId> source) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value =
                    switch (matcher.group(1)) {
                        case "topic" -> topic;
                        case "source.schema" -> source.map(TableId::schema).orElse("");
                        default -> source.map(TableId::table).orElse(topic);
                    };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replace('.', '_');
    }
}
