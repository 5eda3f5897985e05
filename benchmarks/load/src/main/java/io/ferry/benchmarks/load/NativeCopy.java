package io.ferry.benchmarks.load;

import io.ferry.testing.LocalDatabase;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;

/**
 * The native tool to compare with: {@code COPY src TO STDOUT | COPY dst FROM STDIN} between two
 * PostgreSQL tables of the same shape, the two sides on their own connections and threads.
 */
final class NativeCopy {
    private NativeCopy() {}

    /** Fills {@code public.copy_src} with {@code rows} rows of the load table's shape. */
    static void createSource(LocalDatabase pg, long rows) {
        pg.execute(
                "DROP TABLE IF EXISTS copy_src",
                "DROP TABLE IF EXISTS copy_dst",
                "CREATE TABLE copy_src (id bigint PRIMARY KEY, c_int int, c_num numeric(12,2),"
                        + " c_double double precision, c_name varchar(40), c_text text, c_ts"
                        + " timestamp, c_date date, c_flag boolean, c_uuid varchar(36))",
                "INSERT INTO copy_src SELECT i, i % 1000000, (i % 10000000) / 100.0, i / 3.0,"
                        + " 'name-' || i, repeat('x', 80), timestamp '2020-01-01' + i *"
                        + " interval '1.000001 second', date '2019-04-15' + (i % 3000)::int, i % 2"
                        + " = 0, lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i),"
                        + " 12, '0') FROM generate_series(0, "
                        + (rows - 1)
                        + ") i",
                "CREATE TABLE copy_dst (LIKE copy_src INCLUDING ALL)");
    }

    /** Pipes copy_src into copy_dst; returns the seconds it took. */
    static double pipe(LocalDatabase pg) throws Exception {
        try (Connection out = pg.connect();
                Connection in = pg.connect();
                PipedInputStream reader = new PipedInputStream(1 << 20);
                PipedOutputStream writer = new PipedOutputStream(reader)) {
            long start = System.nanoTime();
            CompletableFuture<Long> copyIn =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return in.unwrap(PGConnection.class)
                                            .getCopyAPI()
                                            .copyIn("COPY copy_dst FROM STDIN", reader);
                                } catch (SQLException | IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            out.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY copy_src TO STDOUT", writer);
            writer.close();
            copyIn.get();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
