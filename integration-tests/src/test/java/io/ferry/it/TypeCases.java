package io.ferry.it;

import java.util.List;

/**
 * The source types of the type matrix (issue 16, item 14) and the values each is tried with: NULL,
 * extremes, empty and non-ASCII text. Each type gets a table {@code <prefix>_<key> (id INT PRIMARY
 * KEY, v <type>)}, so a type a target cannot take costs only its own table; row {@code i} holds
 * value {@code i}, row 0 NULL.
 */
record TypeCases(String engine, String prefix, List<Type> types) {

    /**
     * @param key the table's suffix
     * @param name the type as the matrix and the sinks' pages name it
     * @param ddl the column's type as the source declares it
     * @param values SQL literals, one row each
     */
    record Type(String key, String name, String ddl, List<String> values) {
        String table(String prefix) {
            return prefix + "_" + key;
        }
    }

    static Type type(String key, String ddl, String... values) {
        return named(key, ddl, ddl, values);
    }

    static Type named(String key, String name, String ddl, String... values) {
        return new Type(key, name, ddl, List.of(values));
    }

    private static final String TEXT = "'Zoë ✓ 中文 😀'";

    /** A table whose name, and whose columns' names, a target may not take as they are. */
    static final String ODD_TABLE = "Odd \"Name\"; ë";

    /** A table DynamoDB too can name, with the columns of {@link #ODD_TABLE}. */
    static final String ODD_COLUMNS_TABLE = "odd_columns";

    static final List<String> ODD_COLUMNS =
            List.of("Mixed Case", "semi;colon", "quo\"te", "naïve ✓");

    /** The value of {@link #ODD_COLUMNS} {@code i} in every row of {@link #ODD_TABLE}. */
    static String oddValue(int i) {
        return "v" + (i + 1);
    }

    /** An identifier quoted as this source quotes it. */
    String quote(String name) {
        return engine.equals("postgres")
                ? "\"" + name.replace("\"", "\"\"") + "\""
                : "`" + name.replace("`", "``") + "`";
    }

    static final TypeCases POSTGRES =
            new TypeCases(
                    "postgres",
                    "pg",
                    List.of(
                            type("int2", "int2", "-32768", "32767"),
                            type("int4", "int4", "-2147483648", "2147483647"),
                            type("int8", "int8", "-9223372036854775808", "9223372036854775807"),
                            type(
                                    "numeric_38_10",
                                    "numeric(38,10)",
                                    "-9999999999999999999999999999.9999999999",
                                    "0.0000000001"),
                            type(
                                    "numeric",
                                    "numeric",
                                    "12345678901234567890.12345678901234567890",
                                    "0.0000000000000000000000000000000000000001",
                                    "-1e40",
                                    "'NaN'"),
                            type(
                                    "float4",
                                    "float4",
                                    "3.4028235e38",
                                    "-1.1754944e-38",
                                    "'NaN'",
                                    "'Infinity'",
                                    "'-Infinity'"),
                            type(
                                    "float8",
                                    "float8",
                                    "1.7976931348623157e308",
                                    "4.9e-324",
                                    "'NaN'",
                                    "'Infinity'",
                                    "'-Infinity'"),
                            type("bool", "bool", "true", "false"),
                            type("text", "text", "''", TEXT, "E'line\\nbreak, \"quoted\"; ''x'''"),
                            type("varchar_10", "varchar(10)", "'abcdefghij'", "''"),
                            type("char_5", "char(5)", "'ab'", "'✓✓✓✓✓'"),
                            type("bytea", "bytea", "'\\x00ff10'", "''"),
                            type(
                                    "date",
                                    "date",
                                    "'0001-01-01'",
                                    "'2024-02-29'",
                                    "'9999-12-31'",
                                    "'infinity'"),
                            type("time", "time", "'00:00:00'", "'23:59:59.999999'", "'24:00:00'"),
                            type("timetz", "timetz", "'12:34:56.789+05:30'", "'00:00:00-12'"),
                            type(
                                    "timestamp_6",
                                    "timestamp(6)",
                                    "'0001-01-01 00:00:00'",
                                    "'2024-02-29 23:59:59.999999'",
                                    "'9999-12-31 23:59:59.999999'",
                                    "'-infinity'"),
                            type(
                                    "timestamptz",
                                    "timestamptz",
                                    "'2024-02-29 12:34:56.123456+05:30'",
                                    "'1900-01-01 00:00:00+00'",
                                    "'infinity'"),
                            type(
                                    "interval",
                                    "interval",
                                    "'1 year 2 mons 3 days 04:05:06.789'",
                                    "'-1 days'"),
                            type("uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"),
                            type("json", "json", "'{\"a\": [1, 2.50, \"x\"]}'"),
                            type("jsonb", "jsonb", "'{\"b\": {\"c\": null}, \"a\": 1}'"),
                            type("int4_array", "int4[]", "'{1,2,NULL}'"),
                            type("text_array", "text[]", "'{\"a b\",c}'"),
                            named("enum", "enum", "mood", "'happy'"),
                            type("inet", "inet", "'192.168.0.1/24'", "'::1'"),
                            type("cidr", "cidr", "'10.0.0.0/8'"),
                            type("money", "money", "'12345.67'", "'-0.01'")));

    static final TypeCases MARIADB =
            new TypeCases(
                    "mariadb",
                    "my",
                    List.of(
                            type("tinyint", "tinyint", "-128", "127"),
                            type("tinyint_unsigned", "tinyint unsigned", "255"),
                            type("smallint", "smallint", "-32768", "32767"),
                            type("smallint_unsigned", "smallint unsigned", "65535"),
                            type("mediumint", "mediumint", "-8388608", "8388607"),
                            type("mediumint_unsigned", "mediumint unsigned", "16777215"),
                            type("int", "int", "-2147483648", "2147483647"),
                            type("int_unsigned", "int unsigned", "4294967295"),
                            type("bigint", "bigint", "-9223372036854775808", "9223372036854775807"),
                            type("bigint_unsigned", "bigint unsigned", "18446744073709551615"),
                            type(
                                    "decimal_65_30",
                                    "decimal(65,30)",
                                    "99999999999999999999999999999999999.999999999999999999999999999999",
                                    "-0.000000000000000000000000000001"),
                            type("float", "float", "3.40282e38", "-1.17549e-38"),
                            type(
                                    "double",
                                    "double",
                                    "1.7976931348623157e308",
                                    "2.2250738585072014e-308"),
                            type("bit_1", "bit(1)", "b'1'", "b'0'"),
                            type("bit_10", "bit(10)", "b'1010101010'", "b'0000000001'"),
                            type("char_5", "char(5)", "'ab'", "'✓✓✓✓✓'"),
                            type("varchar_10", "varchar(10)", "''", "'Zoë ✓'"),
                            type("text", "text", "''", TEXT, "'line\\nbreak, \"quoted\"; ''x'''"),
                            type("longtext", "longtext", "REPEAT('✓', 70000)"),
                            type("binary_4", "binary(4)", "0x00ff"),
                            type("varbinary_10", "varbinary(10)", "0x00ff10", "''"),
                            type("blob", "blob", "0x00ff10"),
                            type(
                                    "date",
                                    "date",
                                    "'1000-01-01'",
                                    "'2024-02-29'",
                                    "'9999-12-31'",
                                    "'0000-00-00'",
                                    "'0012-05-01'"),
                            type(
                                    "datetime_6",
                                    "datetime(6)",
                                    "'1000-01-01 00:00:00'",
                                    "'2024-02-29 23:59:59.999999'",
                                    "'9999-12-31 23:59:59.999999'",
                                    "'0000-00-00 00:00:00'"),
                            named(
                                    "timestamp_6",
                                    "timestamp(6)",
                                    "timestamp(6) NULL",
                                    "'1970-01-01 00:00:01'",
                                    "'2038-01-19 03:14:07.999999'"),
                            type(
                                    "time_6",
                                    "time(6)",
                                    "'-838:59:59'",
                                    "'838:59:59'",
                                    "'-00:00:01.5'",
                                    "'12:34:56.789012'"),
                            type("year", "year", "1901", "2155", "0"),
                            type("json", "json", "'{\"a\": [1, 2.50, \"x\"]}'"),
                            type("enum", "enum('a','b c')", "'b c'"),
                            type("set", "set('x','y','z')", "'x,z'")));
}
