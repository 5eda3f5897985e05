package io.ferry.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --connect-url} option the commands that talk to a Connect worker share. */
final class ConnectRest {
    @Option(
            names = "--connect-url",
            defaultValue = "http://localhost:8083",
            description = "Connect REST API (default: ${DEFAULT-VALUE}).")
    URI connectUrl;

    /** A REST path under the worker's base URL. */
    URI resolve(String path) {
        URI base = connectUrl.toString().endsWith("/") ? connectUrl : URI.create(connectUrl + "/");
        return base.resolve(path);
    }
}
