package io.ferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry run}: Kafka (KRaft) and a Connect worker on this machine, in a JVM of their own with
 * Ferry's plugins on {@code plugin.path}; deploys the given configs and shows progress until
 * interrupted. Topics, offsets and connector configs live in the data directory: run it again with
 * the same directory and the migration resumes where it stopped.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded Kafka and Connect with Ferry's plugins, deploy the configs and"
                        + " show progress (Ctrl-C stops; rerun with the same --data-dir to resume).")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "CONFIG", description = "Connector config JSON files.")
    List<Path> configs = new ArrayList<>();

    @Option(
            names = "--data-dir",
            defaultValue = "ferry-data",
            description =
                    "Kafka's log, Connect's offsets and configs, the log file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--connect-port",
            defaultValue = "8083",
            description =
                    "The worker's REST port, for ferry status/deploy (default: ${DEFAULT-VALUE}; 0: any free port).")
    int connectPort;

    @Option(
            names = "--exit-when-caught-up",
            description =
                    "Stop once the full load is done and every sink has consumed all changes.")
    boolean exitWhenCaughtUp;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FerryHome home = FerryHome.locate();
        List<ConnectorConfig> connectors = new ArrayList<>();
        for (Path file : configs) {
            connectors.add(ConnectorConfig.read(file));
        }
        try (StackDataDir data = StackDataDir.prepare(dataDir);
                StackProcess stack = start(home, data, connectors, out)) {
            Thread stopper = new Thread(stack::close, "ferry-run-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            out.printf("Kafka at %s%n", stack.bootstrapServers());
            out.printf("Connect REST at %s%n", stack.restUrl());
            out.printf("JMX at %s%n", stack.jmxUrl());
            out.printf("log %s%n", stack.log());
            List<ConnectorConfig> local = new ArrayList<>();
            for (ConnectorConfig connector : connectors) {
                LocalAdjustments.Adjusted adjusted =
                        LocalAdjustments.apply(connector, stack.bootstrapServers());
                adjusted.notes().forEach(n -> out.println(connector.name() + ": " + n));
                local.add(adjusted.connector());
            }
            if (!DeployCommand.deploy(new ConnectClient(stack.restUrl()), local, out)) {
                return 1;
            }
            int code = watch(stack, connectors, out);
            Runtime.getRuntime().removeShutdownHook(stopper);
            return code;
        }
    }

    private StackProcess start(
            FerryHome home, StackDataDir data, List<ConnectorConfig> connectors, PrintWriter out)
            throws IOException {
        List<Path> readable = data.fileProviderPaths(connectors);
        out.println("starting Kafka and Connect in " + data.path() + " ...");
        out.flush();
        return StackProcess.start(home, data, connectPort, readable);
    }

    private int watch(StackProcess stack, List<ConnectorConfig> connectors, PrintWriter out)
            throws Exception {
        try (MigrationMonitor monitor =
                new MigrationMonitor(
                        stack, connectors, new ProgressView(out, System.console() != null))) {
            while (stack.alive()) {
                ProgressView.Snapshot snapshot = monitor.look();
                List<String> failures = monitor.failures();
                if (!failures.isEmpty()) {
                    out.println("failed:");
                    failures.forEach(f -> out.println("  " + f));
                    out.println("see " + stack.log());
                    out.flush();
                    return 1;
                }
                if (exitWhenCaughtUp && MigrationMonitor.caughtUp(snapshot)) {
                    ProgressView.render(snapshot).forEach(out::println);
                    out.println("caught up: full load done, every sink has consumed every change");
                    out.flush();
                    return 0;
                }
                Thread.sleep(1000);
            }
            out.println("Kafka and Connect stopped; see " + stack.log());
            out.flush();
            return 1;
        }
    }
}
