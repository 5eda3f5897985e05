package io.ferry.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * The demo's source data, modelled on the DMS walkthroughs' data sets: {@code dms_sample}'s
 * sporting events, tickets and people, and the DynamoDB walkthrough's {@code vaccine_drive_stats}
 * (composite key). Values that trip migrations up are on purpose: non-ASCII text, quotes and line
 * breaks, NULLs, exact decimals, microsecond timestamps with time zones, binary data.
 */
final class DemoSchema {
    static final String SCHEMA = "dms_sample";
    static final List<String> TABLES =
            List.of(
                    "sport_type",
                    "sporting_event",
                    "person",
                    "sporting_event_ticket",
                    "vaccine_drive_stats");
    static final String DYNAMODB_SOURCE_TABLE = "vaccine_drive_stats";

    private static final String[] NAMES = {
        "Zoë Ångström",
        "José O'Brien",
        "李 小龍",
        "Amélie \"Ami\" Poulain",
        "Ngozi Adichie",
        "Łukasz Żuk"
    };

    private DemoSchema() {}

    /** Creates and fills the tables; {@code rows} is the ticket count, the rest scale with it. */
    static void load(Connection source, int rows) throws SQLException {
        int people = Math.max(100, rows / 4);
        int events = Math.max(10, rows / 40);
        int vaccinated = Math.max(100, rows / 8);
        try (Statement sql = source.createStatement()) {
            sql.execute("CREATE SCHEMA " + SCHEMA);
            sql.execute(
                    "CREATE TABLE dms_sample.sport_type (name varchar(15) PRIMARY KEY, description"
                            + " text)");
            sql.execute(
                    "INSERT INTO dms_sample.sport_type VALUES ('baseball', 'Nine innings,' || chr(10)"
                            + " || 'three outs'), ('football', 'Américain'), ('basketball', NULL),"
                            + " ('hockey', 'on \"ice\"'), ('soccer', 'football, elsewhere')");
            sql.execute(
                    "CREATE TABLE dms_sample.sporting_event (id integer PRIMARY KEY, sport_type_name"
                            + " varchar(15) NOT NULL, home_team varchar(60), away_team varchar(60),"
                            + " start_date_time timestamp NOT NULL, sold_out boolean NOT NULL)");
            sql.execute(
                    "INSERT INTO dms_sample.sporting_event SELECT g, (ARRAY['baseball','football',"
                            + "'basketball','hockey','soccer'])[1 + g % 5], 'Team ' || (g % 97),"
                            + " 'Team ' || ((g * 7) % 97), timestamp '2026-04-01 19:05' + g *"
                            + " interval '3 hours 17 minutes', g % 3 = 0 FROM generate_series(1, "
                            + events
                            + ") g");
            sql.execute(
                    "CREATE TABLE dms_sample.person (id bigint PRIMARY KEY, full_name varchar(60)"
                            + " NOT NULL, email varchar(120), born date, created_at timestamptz NOT"
                            + " NULL, photo bytea)");
            try (PreparedStatement insert =
                    source.prepareStatement(
                            "INSERT INTO dms_sample.person SELECT g, (?::text[])[1 + g % 6] || ' #'"
                                    + " || g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'p' || g ||"
                                    + " '@example.com' END, date '1950-01-01' + (g * 37) % 25000,"
                                    + " timestamptz '2020-01-01 00:00:00.123456+00' + g * interval"
                                    + " '1 minute 1.000001 second', CASE WHEN g % 4 = 0 THEN"
                                    + " decode(md5(g::text), 'hex') END FROM generate_series(1, ?) g")) {
                insert.setArray(1, source.createArrayOf("text", NAMES));
                insert.setInt(2, people);
                insert.execute();
            }
            sql.execute(
                    "CREATE TABLE dms_sample.sporting_event_ticket (id bigint PRIMARY KEY,"
                            + " sporting_event_id integer NOT NULL, seat_section varchar(15),"
                            + " seat_row varchar(10), seat varchar(10), ticketholder_id bigint,"
                            + " ticket_price numeric(8,2) NOT NULL)");
            sql.execute(
                    "INSERT INTO dms_sample.sporting_event_ticket SELECT g, 1 + g % "
                            + events
                            + ", 'S' || (g % 40), chr(65 + g % 26), (g % 30)::text, CASE WHEN g %"
                            + " 3 = 0 THEN NULL ELSE 1 + g % "
                            + people
                            + " END, round((20 + (g % 9000) / 37.0)::numeric, 2) FROM"
                            + " generate_series(1, "
                            + rows
                            + ") g");
            sql.execute(
                    "CREATE TABLE dms_sample.vaccine_drive_stats (user_id integer NOT NULL,"
                            + " area_code varchar(200) NOT NULL, patient_name varchar(1000),"
                            + " date_of_birth date, age smallint, fully_vaccinated boolean,"
                            + " rural_or_urban varchar(100), next_due_date date, PRIMARY KEY"
                            + " (user_id, area_code))");
            try (PreparedStatement insert =
                    source.prepareStatement(
                            "INSERT INTO dms_sample.vaccine_drive_stats SELECT g, 'AC-' || (g %"
                                    + " 50), (?::text[])[1 + g % 6], date '1940-01-01' + (g * 13) %"
                                    + " 30000, (g % 90)::smallint, g % 5 <> 0, CASE WHEN g % 2 = 0"
                                    + " THEN 'urban' ELSE 'rural' END, CASE WHEN g % 7 = 0 THEN NULL"
                                    + " ELSE date '2027-01-01' + g % 365 END FROM generate_series(1,"
                                    + " ?) g")) {
                insert.setArray(1, source.createArrayOf("text", NAMES));
                insert.setInt(2, vaccinated);
                insert.execute();
            }
            sql.execute("ANALYZE");
        }
    }

    /** Exact rows per table now, for the verdict. */
    static long count(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * One small transaction of the kind an application runs: a ticket sold or refunded, a new
     * person, a rescheduled event, a vaccination recorded, now and then a deleted row.
     */
    static void change(Connection source, Random random, long step) throws SQLException {
        source.setAutoCommit(false);
        try (Statement sql = source.createStatement()) {
            long ticket = 1 + random.nextInt(1000);
            switch ((int) (step % 6)) {
                case 0 ->
                        sql.executeUpdate(
                                "UPDATE dms_sample.sporting_event_ticket SET ticketholder_id = "
                                        + (1 + random.nextInt(100))
                                        + ", ticket_price = ticket_price + 0.05 WHERE id = "
                                        + ticket);
                case 1 ->
                        sql.executeUpdate(
                                "INSERT INTO dms_sample.person VALUES (10000000 + "
                                        + step
                                        + ", 'Nouveau \u00e9l\u00e8ve ' || "
                                        + step
                                        + ", NULL, current_date, now(), '\\x00ff')");
                case 2 ->
                        sql.executeUpdate(
                                "UPDATE dms_sample.sporting_event SET start_date_time ="
                                        + " start_date_time + interval '1 day', sold_out = NOT sold_out"
                                        + " WHERE id = "
                                        + (1 + random.nextInt(10)));
                case 3 ->
                        sql.executeUpdate(
                                "UPDATE dms_sample.vaccine_drive_stats SET fully_vaccinated = true,"
                                        + " next_due_date = next_due_date + 180 WHERE user_id = "
                                        + (1 + random.nextInt(100)));
                case 4 ->
                        sql.executeUpdate(
                                "DELETE FROM dms_sample.sporting_event_ticket WHERE id = "
                                        + (2000 + step));
                default -> {
                    sql.executeUpdate(
                            "INSERT INTO dms_sample.vaccine_drive_stats VALUES ("
                                    + (10000000 + step)
                                    + ", 'AC-new', 'Zoë', '2001-02-03', 25, false, 'urban', NULL)");
                    sql.executeUpdate(
                            "UPDATE dms_sample.sporting_event_ticket SET ticket_price = 99.99"
                                    + " WHERE id = "
                                    + (ticket + 1));
                }
            }
            source.commit();
        } catch (SQLException e) {
            source.rollback();
            throw e;
        } finally {
            source.setAutoCommit(true);
        }
    }
}
