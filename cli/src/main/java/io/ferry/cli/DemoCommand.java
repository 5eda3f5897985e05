package io.ferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: a migration from start to verdict on this machine. Starts PostgreSQL (the
 * project's script), loads the sample schema, starts Kafka + Connect, S3 and DynamoDB Local, and
 * migrates with full load + CDC into a PostgreSQL database, Parquet files in S3 and a DynamoDB
 * table while a workload keeps changing the source; then compares every table row by row.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Migrate a sample database (full load + CDC, while it changes) into PostgreSQL, S3"
                        + " and DynamoDB Local on this machine, then validate every row.")
final class DemoCommand implements Callable<Integer> {
    private static final String MARKER = ".ferry-demo";
    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(3);

    @Spec CommandSpec spec;

    private Instant started;

    @Option(
            names = "--dir",
            defaultValue = "ferry-demo",
            description = "Working directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--rows",
            defaultValue = "200000",
            description =
                    "Tickets to load; the other tables scale with it (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--workload-seconds",
            defaultValue = "30",
            description = "How long the workload changes the source (default: ${DEFAULT-VALUE}).")
    int workloadSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        started = Instant.now();
        FerryHome home = FerryHome.locate();
        prepare(dir);
        step(out, "starting PostgreSQL (scripts/postgres.sh)");
        try (DemoDatabase database = DemoDatabase.start(home, dir.resolve("postgres"))) {
            step(out, "loading the sample schema dms_sample");
            try (Connection source = database.connect(DemoDatabase.SOURCE_DB)) {
                DemoSchema.load(source, rows);
                for (String table : DemoSchema.TABLES) {
                    out.printf(
                            "  dms_sample.%-24s %,9d rows%n",
                            table, DemoSchema.count(source, table));
                }
            }
            step(
                    out,
                    "starting S3 (files in "
                            + dir.resolve("s3")
                            + "), DynamoDB Local, Kafka and Connect");
            try (DemoTargets targets = DemoTargets.start(dir);
                    StackProcess stack = startStack(home, dir.resolve("stack"))) {
                List<ConnectorConfig> connectors = DemoConnectors.all(database, targets);
                ConnectClient connect = new ConnectClient(stack.restUrl());
                for (ConnectorConfig connector : connectors) {
                    ConnectClient.Deployment result =
                            connect.deploy(connector.name(), connector.config());
                    if (!result.ok()) {
                        out.println(connector.name() + " not deployed: " + result.errors());
                        return 1;
                    }
                }
                step(
                        out,
                        "migrating: full load + CDC, with a workload changing the source for "
                                + workloadSeconds
                                + " s");
                int code = migrate(out, database, stack, connectors);
                if (code != 0) {
                    return code;
                }
                boolean valid = verdict(out, database, targets, stack);
                out.printf(
                        "demo finished in %d s%n",
                        Duration.between(started, Instant.now()).toSeconds());
                out.flush();
                return valid ? 0 : 1;
            }
        }
    }

    private int migrate(
            PrintWriter out,
            DemoDatabase database,
            StackProcess stack,
            List<ConnectorConfig> connectors)
            throws Exception {
        Workload workload = new Workload(database, Duration.ofSeconds(workloadSeconds));
        workload.start();
        Instant deadline = Instant.now().plus(CONVERGE_TIMEOUT).plusSeconds(workloadSeconds);
        try (MigrationMonitor monitor =
                new MigrationMonitor(
                        stack, connectors, new ProgressView(out, System.console() != null))) {
            while (true) {
                ProgressView.Snapshot snapshot = monitor.look();
                List<String> failures = monitor.failures();
                if (!failures.isEmpty() || workload.failure() != null || !stack.alive()) {
                    failures.forEach(f -> out.println("failed: " + f));
                    if (workload.failure() != null) {
                        out.println("workload failed: " + workload.failure());
                    }
                    out.println("see " + stack.log());
                    return 1;
                }
                if (!workload.isAlive() && MigrationMonitor.caughtUp(snapshot)) {
                    ProgressView.render(snapshot).forEach(out::println);
                    out.printf("workload done: %,d transactions%n", workload.transactions());
                    return 0;
                }
                if (Instant.now().isAfter(deadline)) {
                    ProgressView.render(snapshot).forEach(out::println);
                    out.println("the sinks did not catch up in time; see " + stack.log());
                    return 1;
                }
                Thread.sleep(1000);
            }
        } finally {
            workload.interrupt();
            workload.join();
        }
    }

    /**
     * Every table compared row by row with its PostgreSQL copy; the DynamoDB table's item count
     * against its source; the S3 files listed. A sink that consumed everything may still be
     * committing its last batch, so a difference is looked at again until the deadline.
     */
    private boolean verdict(
            PrintWriter out, DemoDatabase database, DemoTargets targets, StackProcess stack)
            throws Exception {
        step(out, "validating");
        Instant deadline = Instant.now().plusSeconds(60);
        List<TableComparison.Report> reports;
        long sourceItems;
        long items;
        while (true) {
            reports = new ArrayList<>();
            try (Connection source = database.connect(DemoDatabase.SOURCE_DB);
                    Connection target = database.connect(DemoDatabase.TARGET_DB)) {
                for (String table : DemoSchema.TABLES) {
                    TableName name = new TableName(DemoSchema.SCHEMA, table);
                    reports.add(new TableComparison(source, name, target, name).compare());
                }
                sourceItems = DemoSchema.count(source, DemoSchema.DYNAMODB_SOURCE_TABLE);
            }
            items = targets.items(DemoConnectors.DYNAMODB_TABLE);
            boolean same =
                    reports.stream().allMatch(TableComparison.Report::same) && items == sourceItems;
            if (same || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(1000);
        }
        out.println("table statistics (source capture):");
        TableStatistics stats = TableStatistics.read(stack.metrics());
        out.printf(
                "  %-36s %10s %9s %9s %9s  %s%n",
                "table", "full load", "inserts", "updates", "deletes", "state");
        for (TableStatistics.Table t : stats.tables()) {
            out.printf(
                    "  %-36s %,10d %,9d %,9d %,9d  %s%n",
                    t.qualified(),
                    t.fullLoadRows(),
                    t.inserts(),
                    t.updates(),
                    t.deletes(),
                    t.state());
        }
        out.println("PostgreSQL target (" + DemoDatabase.TARGET_DB + "), row by row:");
        long differences = 0;
        for (TableComparison.Report report : reports) {
            out.print("  ");
            ValidateCommand.print(out, report, 10);
            differences +=
                    report.missing().size() + report.extra().size() + report.changed().size();
        }
        out.printf(
                "DynamoDB %s: %,d items, source %,d rows: %s%n",
                DemoConnectors.DYNAMODB_TABLE,
                items,
                sourceItems,
                items == sourceItems ? "OK" : "DIFFERENT");
        differences += Math.abs(items - sourceItems);
        out.printf("S3: %,d Parquet files under %s%n", targets.s3Files(), targets.bucketDir());
        out.println(
                differences == 0
                        ? "VERDICT: VALID, 0 differences"
                        : "VERDICT: INVALID, " + differences + " differences");
        return differences == 0;
    }

    /** Empties the demo directory — only one that is new, empty, or an earlier demo's. */
    /** The demo's configs read no files: the worker may read only its own secrets folder. */
    private static StackProcess startStack(FerryHome home, Path dir) throws IOException {
        StackDataDir data = StackDataDir.prepare(dir);
        try {
            return StackProcess.start(home, data, 0, data.fileProviderPaths(List.of()));
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IOException(
                        dir + " is not empty and not a ferry demo directory: choose another --dir");
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "ferry demo working directory\n");
    }

    private void step(PrintWriter out, String message) {
        out.printf(
                "==> [%3ds] %s%n", Duration.between(started, Instant.now()).toSeconds(), message);
        out.flush();
    }

    /** Small transactions against the source, for a while, from its own connection. */
    private static final class Workload extends Thread {
        private final DemoDatabase database;
        private final Duration duration;
        private final AtomicLong transactions = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Workload(DemoDatabase database, Duration duration) {
            super("ferry-demo-workload");
            this.database = database;
            this.duration = duration;
            setDaemon(true);
        }

        @Override
        public void run() {
            Instant end = Instant.now().plus(duration);
            Random random = new Random(42);
            try (Connection source = database.connect(DemoDatabase.SOURCE_DB)) {
                while (Instant.now().isBefore(end) && !isInterrupted()) {
                    DemoSchema.change(source, random, transactions.incrementAndGet());
                    Thread.sleep(20); // a modest, steady rate of application changes
                }
            } catch (InterruptedException e) {
                // stopped early
            } catch (Exception e) {
                failure.set(e);
            }
        }

        long transactions() {
            return transactions.get();
        }

        Exception failure() {
            return failure.get();
        }
    }
}
