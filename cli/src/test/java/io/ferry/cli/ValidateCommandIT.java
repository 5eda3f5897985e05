package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry validate} against the real local PostgreSQL and MariaDB. */
class ValidateCommandIT {
    private record Run(int exit, String out, String err) {}

    private static Run ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Ferry());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<String> connection(String side, LocalDatabase db, String database) {
        return List.of(
                "--" + side + "-url",
                db.jdbcUrl(database),
                "--" + side + "-user",
                LocalDatabase.USER,
                "--" + side + "-password",
                LocalDatabase.PASSWORD);
    }

    private static String[] args(List<String> source, List<String> target, String... rest) {
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(source);
        all.addAll(target);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Passwords need not be on the command line, where every user sees them in {@code ps}. */
    @Test
    void takesPasswordsFromAFileOrItsPrompt(@TempDir Path tmp) throws IOException {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP TABLE IF EXISTS validate_pw",
                "CREATE TABLE validate_pw (id int PRIMARY KEY, v text)",
                "INSERT INTO validate_pw VALUES (1, 'a')");
        Path right = Files.writeString(tmp.resolve("right"), LocalDatabase.PASSWORD + "\n");
        Path wrong = Files.writeString(tmp.resolve("wrong"), "not-the-password\n");
        List<String> both =
                List.of(
                        "validate",
                        "--source-url",
                        pg.jdbcUrl(),
                        "--source-user",
                        LocalDatabase.USER,
                        "--target-url",
                        pg.jdbcUrl(),
                        "--target-user",
                        LocalDatabase.USER,
                        "-t",
                        "public.validate_pw");
        Run fromFiles =
                ferry(with(both, "--source-password-file", right, "--target-password-file", right));
        assertEquals(0, fromFiles.exit(), fromFiles.out() + fromFiles.err());
        Run wrongFile =
                ferry(with(both, "--source-password-file", right, "--target-password-file", wrong));
        assertNotEquals(0, wrongFile.exit(), wrongFile.out());
        assertTrue(wrongFile.err().contains("password authentication failed"), wrongFile.err());

        InputStream stdin = System.in;
        // One prompt per run here: picocli reads each answer through a fresh buffered reader.
        System.setIn(
                new ByteArrayInputStream(
                        (LocalDatabase.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            Run prompted = ferry(with(both, "--source-password", "--target-password-file", right));
            assertEquals(0, prompted.exit(), prompted.out() + prompted.err());
        } finally {
            System.setIn(stdin);
        }
    }

    private static String[] with(List<String> args, Object... more) {
        List<String> all = new ArrayList<>(args);
        for (Object arg : more) {
            all.add(arg.toString());
        }
        return all.toArray(String[]::new);
    }

    /** A changed value, a missing row and an extra row, each reported by its exact key. */
    @Test
    void findsPlantedDifferencesByKey() {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS val_src CASCADE",
                "DROP SCHEMA IF EXISTS val_dst CASCADE",
                "CREATE SCHEMA val_src",
                "CREATE SCHEMA val_dst",
                "CREATE TABLE val_src.orders (region text, id int, amount numeric(10,2), note text,"
                        + " PRIMARY KEY (region, id))",
                "INSERT INTO val_src.orders SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g,"
                        + " g * 1.5, 'n' || g FROM generate_series(1, 1200) g",
                "CREATE TABLE val_dst.orders AS SELECT * FROM val_src.orders",
                "ALTER TABLE val_dst.orders ADD PRIMARY KEY (region, id)",
                "UPDATE val_dst.orders SET amount = 0 WHERE id = 501",
                "DELETE FROM val_dst.orders WHERE id = 777",
                "INSERT INTO val_dst.orders VALUES ('eu', 5000, 1, 'extra')");
        Run run =
                ferry(
                        args(
                                connection("source", pg, LocalDatabase.DATABASE),
                                connection("target", pg, LocalDatabase.DATABASE),
                                "--table",
                                "val_src.orders=val_dst.orders"));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("source 1200 rows, target 1200 rows"), run.out());
        assertTrue(run.out().contains("  missing us/777"), run.out());
        assertTrue(run.out().contains("  extra   eu/5000"), run.out());
        assertTrue(run.out().contains("  changed us/501 amount"), run.out());
        assertTrue(run.out().contains("1 missing, 1 extra, 1 changed"), run.out());
        assertTrue(run.out().contains("INVALID"), run.out());
        // Same engine: the two ranges without a difference were settled by checksum alone.
        assertTrue(
                run.out().contains("2 key range(s) equal by checksum, 1 compared row by row"),
                run.out());
    }

    /** MariaDB to MariaDB: checksummed ranges, the one changed value found by its key. */
    @Test
    void findsAChangedValueBetweenTwoMariaDbTables() {
        LocalDatabase mariadb = LocalServers.mariadb();
        mariadb.execute(
                "DROP DATABASE IF EXISTS val_m1",
                "DROP DATABASE IF EXISTS val_m2",
                "CREATE DATABASE val_m1",
                "CREATE DATABASE val_m2",
                "CREATE TABLE val_m1.t (id INT PRIMARY KEY, v VARCHAR(20), d DATETIME(3), n"
                        + " DECIMAL(8,2))",
                "INSERT INTO val_m1.t SELECT seq, IF(seq % 7 = 0, NULL, concat('v', seq)),"
                        + " timestamp'2026-01-01 00:00:00.250' + interval seq minute, seq / 4"
                        + " FROM seq_1_to_1100",
                "CREATE TABLE val_m2.t LIKE val_m1.t",
                "INSERT INTO val_m2.t SELECT * FROM val_m1.t",
                "UPDATE val_m2.t SET v = NULL WHERE id = 600");
        Run run =
                ferry(
                        args(
                                connection("source", mariadb, "val_m1"),
                                connection("target", mariadb, "val_m2"),
                                "--table",
                                "val_m1.t=val_m2.t"));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("  changed 600 v"), run.out());
        assertTrue(run.out().contains("0 missing, 0 extra, 1 changed"), run.out());
        assertTrue(
                run.out().contains("2 key range(s) equal by checksum, 1 compared row by row"),
                run.out());
    }

    /**
     * MariaDB → PostgreSQL with lower-cased column names: the same rows in two engines and several
     * types compare equal, exit 0.
     */
    @Test
    void equalRowsAcrossEnginesAreValid() {
        LocalDatabase mariadb = LocalServers.mariadb();
        LocalDatabase pg = LocalServers.postgres();
        mariadb.execute(
                "DROP DATABASE IF EXISTS val_maria",
                "CREATE DATABASE val_maria",
                "CREATE TABLE val_maria.items (Id INT PRIMARY KEY, Price DECIMAL(12,4),"
                        + " Made DATETIME(3), Day DATE, Name VARCHAR(40), Flag BOOLEAN, Raw VARBINARY(8))",
                "INSERT INTO val_maria.items VALUES (1, 12.5000, '2026-12-02 10:11:12.345',"
                        + " '2026-12-02', 'Ada', TRUE, X'CAFE'),"
                        + " (2, NULL, NULL, NULL, NULL, FALSE, NULL)");
        pg.execute(
                "DROP SCHEMA IF EXISTS val_maria CASCADE",
                "CREATE SCHEMA val_maria",
                "CREATE TABLE val_maria.items (id int PRIMARY KEY, price numeric(12,2),"
                        + " made timestamp(3), day date, name text, flag boolean, raw bytea)",
                "INSERT INTO val_maria.items VALUES (1, 12.50, '2026-12-02 10:11:12.345',"
                        + " '2026-12-02', 'Ada', true, '\\xcafe'), (2, NULL, NULL, NULL, NULL, false, NULL)");
        Run run =
                ferry(
                        args(
                                connection("source", mariadb, "val_maria"),
                                connection("target", pg, LocalDatabase.DATABASE),
                                "--table",
                                "val_maria.items"));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("VALID: no differences"), run.out());
    }

    /**
     * Issue 16, item 12: a table without a key is compared as a multiset of whole rows (a row twice
     * in one side and once in the other is a difference); an empty table compares equal (it was an
     * SQL error); one table that cannot be compared never stops the others.
     */
    @Test
    void keylessAndEmptyTablesAreComparedAndOneFailureStopsNothing() {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP SCHEMA IF EXISTS val_k1 CASCADE",
                "DROP SCHEMA IF EXISTS val_k2 CASCADE",
                "CREATE SCHEMA val_k1",
                "CREATE SCHEMA val_k2",
                "CREATE TABLE val_k1.events (v int, s text)",
                "INSERT INTO val_k1.events VALUES (1, 'a'), (1, 'a'), (2, 'b'), (3, NULL)",
                "CREATE TABLE val_k2.events (v int, s text)",
                "INSERT INTO val_k2.events VALUES (1, 'a'), (2, 'b'), (2, 'b'), (3, NULL)",
                "CREATE TABLE val_k1.same (v int)",
                "INSERT INTO val_k1.same VALUES (7), (7), (8)",
                "CREATE TABLE val_k2.same (v int)",
                "INSERT INTO val_k2.same VALUES (8), (7), (7)",
                "CREATE TABLE val_k1.empty_t (id int PRIMARY KEY)",
                "CREATE TABLE val_k2.empty_t (id int PRIMARY KEY)",
                "CREATE TABLE val_k1.emptied (id int PRIMARY KEY)",
                "CREATE TABLE val_k2.emptied (id int PRIMARY KEY)",
                "INSERT INTO val_k2.emptied VALUES (9)",
                "CREATE TABLE val_k1.doubled (id int PRIMARY KEY)",
                "INSERT INTO val_k1.doubled VALUES (1), (2)",
                "CREATE TABLE val_k2.doubled (id int)",
                "INSERT INTO val_k2.doubled VALUES (1), (2), (2)");
        Run run =
                ferry(
                        args(
                                connection("source", pg, LocalDatabase.DATABASE),
                                connection("target", pg, LocalDatabase.DATABASE),
                                "--table",
                                "val_k1.events=val_k2.events",
                                "--table",
                                "val_k1.nothing_here=val_k2.nothing_here",
                                "--table",
                                "val_k1.same=val_k2.same",
                                "--table",
                                "val_k1.empty_t=val_k2.empty_t",
                                "--table",
                                "val_k1.emptied=val_k2.emptied",
                                "--table",
                                "val_k1.doubled=val_k2.doubled"));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("1 missing, 1 extra, 0 changed: DIFFERENT"), run.out());
        assertTrue(
                run.out().contains("no primary key: compared as multisets of whole rows"),
                run.out());
        assertTrue(run.out().contains("  missing 1/a"), run.out());
        assertTrue(run.out().contains("  extra   2/b"), run.out());
        assertTrue(
                run.out()
                        .contains(
                                "val_k1.same -> val_k2.same: source 3 rows, target 3 rows, 0"
                                        + " missing, 0 extra, 0 changed: OK"),
                run.out());
        assertTrue(
                run.out()
                        .contains(
                                "val_k1.empty_t -> val_k2.empty_t: source 0 rows, target 0 rows,"
                                        + " 0 missing, 0 extra, 0 changed: OK"),
                run.out());
        assertTrue(
                run.out()
                        .contains(
                                "val_k1.nothing_here -> val_k2.nothing_here: not compared: the"
                                        + " source has no table"),
                run.out());
        // A copy without the key's uniqueness holding a row twice: the counts tell.
        assertTrue(
                run.out()
                        .contains(
                                "val_k1.doubled -> val_k2.doubled: source 2 rows, target 3 rows, 0"
                                        + " missing, 0 extra, 0 changed: DIFFERENT"),
                run.out());
        assertTrue(
                run.out().contains("  row counts differ: 2 in the source, 3 in the target"),
                run.out());
        // An empty source beside a target with a row: the row is extra (was an SQL error).
        assertTrue(
                run.out()
                        .contains(
                                "val_k1.emptied -> val_k2.emptied: source 0 rows, target 1 rows,"
                                        + " 0 missing, 1 extra"),
                run.out());
    }

    /**
     * Issue 16, item 12: with the migration's table mapping, every selected table is compared with
     * the copy the mapping names — lower-cased names, a removed column, an added one — and a
     * selected table with no copy is a difference, not an error.
     */
    @Test
    void everySelectedTableIsComparedThroughTheTableMapping() throws Exception {
        LocalDatabase mariadb = LocalServers.mariadb();
        LocalDatabase pg = LocalServers.postgres();
        mariadb.execute(
                "DROP DATABASE IF EXISTS val_map",
                "CREATE DATABASE val_map",
                "CREATE TABLE val_map.Customers (Id INT PRIMARY KEY, Name VARCHAR(20), SSN CHAR(11))",
                "INSERT INTO val_map.Customers VALUES (1, 'Ada', '123-45-6789'), (2, 'Bo', NULL)",
                "CREATE TABLE val_map.Empty_One (Id INT PRIMARY KEY)",
                "CREATE TABLE val_map.Log (At INT, What VARCHAR(10))",
                "INSERT INTO val_map.Log VALUES (1, 'x'), (1, 'x')",
                "CREATE TABLE val_map.Never_Copied (Id INT PRIMARY KEY)",
                "CREATE TABLE val_map.Secret (Id INT PRIMARY KEY)");
        pg.execute(
                "DROP SCHEMA IF EXISTS val_map CASCADE",
                "CREATE SCHEMA val_map",
                "CREATE TABLE val_map.customers (id int PRIMARY KEY, name text, origin text)",
                "INSERT INTO val_map.customers VALUES (1, 'Ada', 'dms'), (2, 'Bo', 'dms')",
                "CREATE TABLE val_map.empty_one (id int PRIMARY KEY)",
                "CREATE TABLE val_map.log (at int, what text)",
                "INSERT INTO val_map.log VALUES (1, 'x'), (1, 'x')");
        java.nio.file.Path mappings = java.nio.file.Files.createTempFile("mappings", ".json");
        java.nio.file.Files.writeString(
                mappings,
                ("{'rules':["
                                + "{'rule-type':'selection','rule-id':'1','rule-name':'1','object-locator':{'schema-name':'val_map','table-name':'%'},'rule-action':'include'},"
                                + "{'rule-type':'selection','rule-id':'2','rule-name':'2','object-locator':{'schema-name':'val_map','table-name':'Secret'},'rule-action':'exclude'},"
                                + "{'rule-type':'transformation','rule-id':'3','rule-name':'3','rule-action':'convert-lowercase','rule-target':'table','object-locator':{'schema-name':'%','table-name':'%'}},"
                                + "{'rule-type':'transformation','rule-id':'4','rule-name':'4','rule-action':'convert-lowercase','rule-target':'column','object-locator':{'schema-name':'%','table-name':'%','column-name':'%'}},"
                                + "{'rule-type':'transformation','rule-id':'5','rule-name':'5','rule-action':'remove-column','rule-target':'column','object-locator':{'schema-name':'val_map','table-name':'Customers','column-name':'SSN'}},"
                                + "{'rule-type':'transformation','rule-id':'6','rule-name':'6','rule-action':'add-column','rule-target':'column','object-locator':{'schema-name':'val_map','table-name':'Customers'},'value':'origin','expression':'$Name','data-type':{'type':'string','length':5}}"
                                + "]}")
                        .replace('\'', '"'));
        Run run =
                ferry(
                        args(
                                connection("source", mariadb, "val_map"),
                                connection("target", pg, LocalDatabase.DATABASE),
                                "--table-mappings",
                                mappings.toString()));
        assertEquals(1, run.exit(), run.out() + run.err());
        String out = run.out();
        assertTrue(
                out.contains(
                        "val_map.Customers -> val_map.customers: source 2 rows, target 2 rows, 0"
                                + " missing, 0 extra, 0 changed: OK"),
                out);
        assertTrue(out.contains("  not compared: SSN: removed by the table mapping"), out);
        assertTrue(
                out.contains("  not compared: origin: added by the table mapping, not compared"),
                out);
        assertTrue(out.contains("val_map.Empty_One -> val_map.empty_one: source 0 rows"), out);
        assertTrue(out.contains("val_map.Log -> val_map.log: source 2 rows, target 2 rows"), out);
        assertTrue(out.contains("  the target has no table val_map.never_copied"), out);
        assertTrue(!out.contains("Secret"), out);
        assertTrue(out.contains("INVALID: differences found"), out);
    }
}
