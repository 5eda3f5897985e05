package io.ferry.sink.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.TableId;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TableNameFormatTest {
    @Test
    void theTopicNamesTheTableWithDotsAsUnderscores() {
        assertEquals(
                "shop_sales_orders",
                TableNameFormat.parse("${topic}").format("shop.sales.orders", Optional.empty()));
    }

    @Test
    void theSourceTableCanNameIt() {
        assertEquals(
                "dw_orders",
                TableNameFormat.parse("dw_${source.table}")
                        .format("shop.sales.orders", Optional.of(new TableId("sales", "orders"))));
    }

    @Test
    void anUnknownPlaceholderIsRejectedByName() {
        ConfigException error =
                assertThrows(ConfigException.class, () -> TableNameFormat.parse("${table}"));
        assertTrue(
                error.getMessage().contains(JdbcSinkConfig.TABLE_NAME_FORMAT), error.getMessage());
    }
}
