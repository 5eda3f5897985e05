package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = Ferry.Version.class,
        description = "Ferry: DMS-style migrations on Kafka Connect.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            TranslateCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            ValidateCommand.class
        })
public final class Ferry {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Ferry()).execute(args));
    }

    /** The version the build wrote into the jar's manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Ferry.class.getPackage().getImplementationVersion();
            return new String[] {"ferry " + (version == null ? "(development build)" : version)};
        }
    }
}
