package io.ferry.dms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineTest {
    @Test
    void identifiersAreQuotedByFamilyWithTheirQuotesDoubled() {
        assertEquals("\"Order \"\"Lines\"\"\"", Engine.POSTGRES.quote("Order \"Lines\""));
        assertEquals("`it``s`", Engine.MARIADB.quote("it`s"));
        assertEquals("`a\"b`", Engine.MYSQL.quote("a\"b"));
        assertEquals("\"a`b\"", Engine.SQLSERVER.quote("a`b"));
    }

    @Test
    void namesAndProductsClassifyAlike() {
        assertEquals(Engine.POSTGRES, Engine.of("Aurora-PostgreSQL"));
        assertEquals(Engine.MYSQL, Engine.of("aurora"));
        assertEquals(Engine.MARIADB, Engine.ofProduct("MariaDB").orElseThrow());
        assertEquals(Engine.SQLSERVER, Engine.ofProduct("Microsoft SQL Server").orElseThrow());
    }
}
