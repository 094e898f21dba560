package dev.podpreset.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden cases of the command line (see {@link CliCase}), run in-process with captured streams. Run with
 * {@code -Dgolden.update=true} to rewrite expected.out, then review the diff. Every {@code inject} case
 * that succeeds is run again on its own output from standard input: the second run must print the same
 * manifests (injection is idempotent).
 */
class CliGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static List<String> cases() throws IOException {
        return CliCase.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsExpectedOutput(String name) throws IOException {
        CliCase c = CliCase.load(name);
        CliCase.Run run = CliCase.run(c.dir(), c.command(), c.stdin());
        if (UPDATE) {
            c.writeExpectedOut(run.out());
        }
        assertEquals(c.expectedOut(), run.out(), "standard output; standard error was:\n" + run.err());
        assertEquals(c.exit(), run.exit(), "exit code; standard error was:\n" + run.err());
        assertNull(run.server(), "no golden case starts a server");
        if (c.expectedErr() == null) {
            assertEquals("", run.err(), "standard error");
        } else {
            assertTrue(run.err().contains(c.expectedErr()),
                    "standard error should contain\n" + c.expectedErr() + "\nbut was\n" + run.err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void injectedOutputFedBackIsUnchanged(String name) throws IOException {
        CliCase c = CliCase.load(name);
        boolean printsManifests = c.command().get(0).equals("inject") && !c.command().contains("--diff")
                && c.command().contains("-f") && (c.exit() == ExitCodes.OK || c.exit() == ExitCodes.SKIPPED);
        if (!printsManifests) {
            return;
        }
        CliCase.Run first = CliCase.run(c.dir(), c.command(), c.stdin());
        CliCase.Run second = CliCase.run(c.dir(), c.fromStandardInput(), first.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(first.exit(), second.exit(), second.err());
        assertEquals(first.out(), second.out(), "the injected manifests, injected again");
    }

    @Test
    void thereAreCasesForEveryCommand() throws IOException {
        List<String> commands = cases().stream().map(n -> {
            try {
                return CliCase.load(n).command().get(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().sorted().toList();
        assertTrue(commands.containsAll(List.of("inject", "explain", "test", "validate")), commands.toString());
    }
}
