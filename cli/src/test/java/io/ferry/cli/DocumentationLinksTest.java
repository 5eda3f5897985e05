package io.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, {@code docs/} and {@code config-examples/} resolves — to a
 * file, and to a heading when it names one — and every repository path a comment of {@code
 * docker-compose.yml} names exists.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern PATH = Pattern.compile("(?:\\./)?[\\w.-]+(?:/[\\w.-]+)+/?");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("docs", "config-examples")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + ": " + link;
                if (!Files.exists(target)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null
                        && target.toString().endsWith(".md")
                        && !anchors(target).contains(anchor)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyPathADockerComposeCommentNamesExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("docker-compose.yml"))) {
            int hash = line.indexOf('#');
            if (hash < 0) {
                continue;
            }
            Matcher m = PATH.matcher(line.substring(hash));
            while (m.find()) {
                // A sentence's full stop is not part of the path.
                String path = m.group().replaceFirst("^\\./", "").replaceFirst("\\.$", "");
                if (path.indexOf('/') < 0) {
                    continue; // ./mvnw
                }
                String first = path.substring(0, path.indexOf('/'));
                // Only paths into this repository: its top-level folders.
                if (Files.isDirectory(ROOT.resolve(first)) && !Files.exists(ROOT.resolve(path))) {
                    missing.add(path);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The anchors GitHub gives a page's headings. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "");
                anchors.add(
                        heading.toLowerCase(Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                                .replace(' ', '-'));
            }
        }
        return anchors;
    }
}
