package dev.podpreset.presets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The preset documents, directory parsing and snapshot stay a pure library that the offline CLI can use
 * without CDI, informers or a cluster; the runtime sources live in {@code dev.podpreset.sources}.
 */
class PackageBoundaryTest {
    private static final Path MAIN = Path.of("src/main/java/dev/podpreset");

    @Test
    void presetsImportNoRuntime() throws IOException {
        assertEquals(List.of(), importsStartingWith(MAIN.resolve("presets"),
                "dev.podpreset.sources", "io.quarkus", "jakarta.", "io.fabric8.kubernetes.client"));
    }

    @Test
    void cliImportsNoSource() throws IOException {
        assertEquals(List.of(), importsStartingWith(MAIN.resolve("cli"), "dev.podpreset.sources"));
    }

    private static List<String> importsStartingWith(Path dir, String... prefixes) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String trimmed = line.strip();
                    for (String prefix : prefixes) {
                        if (trimmed.startsWith("import " + prefix) || trimmed.startsWith("import static " + prefix)) {
                            found.add(dir.relativize(f) + ": " + trimmed);
                        }
                    }
                }
            }
        }
        return found;
    }
}
