package dev.podpreset.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One directory under src/test/resources/cli: {@code presets/} (the --presets directory), the input
 * manifests (every other file, passed as {@code -f NAME} in name order), optional {@code args} (the
 * rest of the command line, whitespace-separated, e.g. {@code --explain -n team-a}), {@code expected.out}
 * (exact standard output), optional {@code expected.err} (a substring of standard error; without it
 * standard error must be empty) and optional {@code exit} (default 0).
 */
record CliCase(String name, Path dir, List<String> inputs, List<String> args, String expectedOut,
               String expectedErr, int exit) {
    static final Path ROOT = Path.of("src/test/resources/cli");
    private static final Set<String> CONTROL_FILES = Set.of("args", "expected.out", "expected.err", "exit");

    static List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static CliCase load(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        List<String> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(f -> !CONTROL_FILES.contains(f)).sorted().toList();
        }
        List<String> args = Files.exists(dir.resolve("args"))
                ? Arrays.stream(Files.readString(dir.resolve("args")).trim().split("\\s+")).filter(a -> !a.isEmpty()).toList()
                : List.of();
        String out = Files.exists(dir.resolve("expected.out")) ? Files.readString(dir.resolve("expected.out")) : "";
        String err = Files.exists(dir.resolve("expected.err")) ? Files.readString(dir.resolve("expected.err")).strip() : null;
        int exit = Files.exists(dir.resolve("exit")) ? Integer.parseInt(Files.readString(dir.resolve("exit")).trim()) : 0;
        return new CliCase(name, dir, inputs, args, out, err, exit);
    }

    /** The full command line after {@code inject}: presets, each input with -f, then {@code args}. */
    String[] commandLine(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--presets", "presets"));
        inputs.forEach(f -> all.addAll(List.of("-f", f)));
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    void writeExpectedOut(String out) throws IOException {
        Files.writeString(dir.resolve("expected.out"), out);
    }

    /** What one in-process run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static Run run(Path workingDirectory, String[] commandLine, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin);
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new InjectCommand(workingDirectory).run(commandLine, in, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
