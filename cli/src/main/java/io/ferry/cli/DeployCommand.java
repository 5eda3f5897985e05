package io.ferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry deploy}: each config through the worker's {@code config/validate} first — errors
 * shown per key, nothing deployed for that file — then created or updated with {@code PUT
 * /connectors/NAME/config}. The name is the file's {@code name} key, else its file name.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Validate connector configs and create or update them on a Connect cluster.")
final class DeployCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectRest connect;

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "Connector config JSON files.")
    List<Path> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = deployAll(new ConnectClient(connect.connectUrl), configs, out);
        out.flush();
        return ok ? 0 : 1;
    }

    /** Deploys every file, reporting each; false when any was not deployed. */
    static boolean deployAll(ConnectClient client, List<Path> files, PrintWriter out)
            throws Exception {
        List<ConnectorConfig> connectors = new ArrayList<>();
        for (Path file : files) {
            connectors.add(ConnectorConfig.read(file));
        }
        return deploy(client, connectors, out);
    }

    static boolean deploy(ConnectClient client, List<ConnectorConfig> connectors, PrintWriter out)
            throws Exception {
        boolean ok = true;
        for (ConnectorConfig connector : connectors) {
            ConnectClient.Deployment result = client.deploy(connector.name(), connector.config());
            if (result.ok()) {
                out.println(connector.name() + ": " + (result.created() ? "created" : "updated"));
            } else {
                ok = false;
                out.println(
                        connector.name()
                                + ": not deployed, "
                                + result.errors().size()
                                + " invalid setting(s):");
                result.errors().forEach(e -> out.println("  " + e));
            }
            out.flush();
        }
        return ok;
    }
}
