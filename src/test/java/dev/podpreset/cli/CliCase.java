package dev.podpreset.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One directory under src/test/resources/cli: {@code command} (the command line after {@code podpreset},
 * one argument per line, run in that directory), optional {@code stdin}, {@code expected.out} (exact
 * standard output), optional {@code expected.err} (a substring of standard error; without it standard
 * error must be empty) and optional {@code exit} (default 0). Any other files are the case's inputs.
 */
record CliCase(String name, Path dir, List<String> command, byte[] stdin, String expectedOut, String expectedErr,
               int exit) {
    static final Path ROOT = Path.of("src/test/resources/cli");

    static List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("command"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        }
    }

    static CliCase load(String name) throws IOException {
        Path dir = ROOT.resolve(name);
        List<String> command = Files.readAllLines(dir.resolve("command")).stream().filter(l -> !l.isEmpty()).toList();
        byte[] stdin = Files.exists(dir.resolve("stdin")) ? Files.readAllBytes(dir.resolve("stdin")) : new byte[0];
        String out = Files.exists(dir.resolve("expected.out")) ? Files.readString(dir.resolve("expected.out")) : "";
        String err = Files.exists(dir.resolve("expected.err")) ? Files.readString(dir.resolve("expected.err")).strip() : null;
        int exit = Files.exists(dir.resolve("exit")) ? Integer.parseInt(Files.readString(dir.resolve("exit")).trim()) : 0;
        return new CliCase(name, dir, command, stdin, out, err, exit);
    }

    void writeExpectedOut(String out) throws IOException {
        Files.writeString(dir.resolve("expected.out"), out);
    }

    /** The command with every {@code -f FILE} replaced by one {@code -f -}: for feeding output back. */
    List<String> fromStandardInput() {
        List<String> out = new ArrayList<>();
        boolean stdinAdded = false;
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("-f")) {
                i++;
                if (!stdinAdded) {
                    out.addAll(List.of("-f", "-"));
                    stdinAdded = true;
                }
            } else {
                out.add(command.get(i));
            }
        }
        return out;
    }

    /** What one in-process run printed and returned. */
    record Run(int exit, String out, String err, PodpresetCli.Server server) {
    }

    static Run run(Path workingDirectory, List<String> commandLine, byte[] stdin) {
        return run(workingDirectory, commandLine, stdin, (kubeconfig, context) -> {
            throw new AssertionError("this command must not connect to a cluster");
        });
    }

    static Run run(Path workingDirectory, List<String> commandLine, byte[] stdin, ClusterConnector cluster) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PodpresetCli cli;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            cli = PodpresetCli.run(commandLine.toArray(String[]::new),
                    new CliContext(workingDirectory, new ByteArrayInputStream(stdin), o, e, cluster));
        }
        return new Run(cli.exitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                cli.server());
    }
}
