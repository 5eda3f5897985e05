package io.ferry.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A database password for a command, from the first place that has one: the option (typed at its
 * prompt, or, discouraged, given on the command line where {@code ps} shows it), a file, an
 * environment variable.
 */
final class Password {
    private Password() {}

    static String of(String option, Path file, String environmentVariable) throws IOException {
        if (option != null) {
            return option;
        }
        if (file != null) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        }
        return System.getenv(environmentVariable);
    }
}
