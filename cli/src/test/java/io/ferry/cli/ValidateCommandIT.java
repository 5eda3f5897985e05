package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.testing.LocalDatabase;
import io.ferry.testing.LocalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @Test
    void aTableWithoutAKeyIsAClearError() {
        LocalDatabase pg = LocalServers.postgres();
        pg.execute(
                "DROP TABLE IF EXISTS public.val_nokey", "CREATE TABLE public.val_nokey (v int)");
        Run run =
                ferry(
                        args(
                                connection("source", pg, LocalDatabase.DATABASE),
                                connection("target", pg, LocalDatabase.DATABASE),
                                "--table",
                                "public.val_nokey"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("has no primary key"), run.err());
    }
}
