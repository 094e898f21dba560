package dev.podpreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories where JUnit's {@code @TempDir} does not reach (a Quarkus test profile's configuration, a copy
 * of the chart shared by test classes, the benchmarks' API server): each is deleted, with what it contains, when the
 * JVM exits. Several hold generated private keys, which a build should not leave behind.
 */
public final class TemporaryDirectories {
    private TemporaryDirectories() {
    }

    /** A new directory under the system's temporary directory, deleted at exit. */
    public static Path deletedAtExit(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left behind: the exit goes on
        }
    }
}
