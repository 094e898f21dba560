package dev.podpreset.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden cases of {@code podpreset inject} (see {@link CliCase}), run in-process with captured
 * streams. Run with {@code -Dgolden.update=true} to rewrite expected.out, then review the diff.
 * Every case that succeeds is also run without --explain and its output fed back on standard input:
 * the second run must print the same manifests (injection is idempotent).
 */
class InjectCommandGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static List<String> cases() throws IOException {
        return CliCase.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsExpectedOutput(String name) throws IOException {
        CliCase c = CliCase.load(name);
        CliCase.Run run = CliCase.run(c.dir(), c.commandLine(c.args()), new byte[0]);
        if (UPDATE) {
            c.writeExpectedOut(run.out());
        }
        assertEquals(c.expectedOut(), run.out(), "standard output; standard error was:\n" + run.err());
        assertEquals(c.exit(), run.exit(), "exit code; standard error was:\n" + run.err());
        if (c.expectedErr() == null) {
            assertEquals("", run.err(), "standard error");
        } else {
            assertTrue(run.err().contains(c.expectedErr()),
                    "standard error should contain\n" + c.expectedErr() + "\nbut was\n" + run.err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputFedBackIsUnchanged(String name) throws IOException {
        CliCase c = CliCase.load(name);
        if (c.exit() != InjectCommand.OK) {
            return;
        }
        List<String> args = new ArrayList<>(c.args());
        args.remove("--explain");
        CliCase.Run first = CliCase.run(c.dir(), c.commandLine(args), new byte[0]);
        assertEquals(InjectCommand.OK, first.exit(), first.err());

        List<String> again = new ArrayList<>(List.of("--presets", "presets", "-f", "-"));
        again.addAll(args);
        CliCase.Run second = CliCase.run(c.dir(), again.toArray(String[]::new),
                first.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(InjectCommand.OK, second.exit(), second.err());
        assertEquals(first.out(), second.out(), "the injected manifests, injected again");
    }

    @Test
    void everyCaseHasInputsAndPresets() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String name : cases()) {
            CliCase c = CliCase.load(name);
            if (c.inputs().isEmpty() || !java.nio.file.Files.isDirectory(c.dir().resolve("presets"))) {
                broken.add(name);
            }
        }
        assertTrue(broken.isEmpty(), "cli cases without an input file or presets/: " + broken);
        assertTrue(cases().size() >= 10, "expected at least 10 cli cases, found " + cases().size());
    }

    @Test
    void helpGoesToStandardOutput() {
        CliCase.Run run = CliCase.run(CliCase.ROOT, new String[] {"--help"}, new byte[0]);
        assertEquals(InjectCommand.OK, run.exit());
        assertTrue(run.out().startsWith("Usage: podpreset inject"), run.out());
        assertEquals("", run.err());
    }
}
