package dev.podpreset.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The command tree: which commands start a server, help, version, completion. */
class CommandLineTest {
    private static final Path HERE = Path.of("");

    private static CliCase.Run run(String... args) {
        return CliCase.run(HERE, List.of(args), new byte[0]);
    }

    @Test
    void noArgumentsServesTheWebhookAsTheImageEntrypointExpects() {
        CliCase.Run run = run();
        assertEquals(PodpresetCli.Server.WEBHOOK, run.server());
        assertEquals(ExitCodes.OK, run.exit());
    }

    @Test
    void serveAndControllerAskForTheirServer() {
        assertEquals(PodpresetCli.Server.WEBHOOK, run("serve").server());
        assertEquals(PodpresetCli.Server.CONTROLLER, run("controller").server());
    }

    @ParameterizedTest
    @ValueSource(strings = {"injct", "completion", "--bogus", "serve --port", "controller extra"})
    void usageErrorsNeverStartAServer(String line) {
        CliCase.Run run = run(line.split(" "));
        assertEquals(ExitCodes.USAGE, run.exit(), run.err());
        assertNull(run.server());
        assertEquals("", run.out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliCase.Run run = run("injct");
        assertTrue(run.err().contains("Did you mean: podpreset inject"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "controller", "inject", "explain", "test", "validate", "version", "completion",
            "uninstall"})
    void everyCommandHasHelp(String command) {
        CliCase.Run run = run(command, "--help");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertNull(run.server(), "--help never starts a server");
        assertTrue(run.out().startsWith("Usage: podpreset " + command), run.out());
        assertEquals("", run.err());
    }

    @Test
    void rootHelpListsTheCommands() {
        CliCase.Run run = run("--help");
        assertEquals(ExitCodes.OK, run.exit());
        for (String command : List.of("serve", "controller", "inject", "explain", "test", "validate", "version",
                "completion", "uninstall")) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " in\n" + run.out());
        }
    }

    @Test
    void versionPrintsProjectApiAndModelVersionsFromTheBuild() throws IOException {
        CliCase.Run run = run("version");
        assertEquals(ExitCodes.OK, run.exit());
        String pom = Files.readString(Path.of("pom.xml"));
        String projectVersion = pom.replaceAll("(?s).*?<artifactId>podpreset-injector</artifactId>\\s*<version>([^<]+)<.*", "$1");
        String fabric8 = pom.replaceAll("(?s).*<fabric8.version>([^<]+)<.*", "$1");
        assertTrue(run.out().startsWith("podpreset-injector " + projectVersion + "\n"), run.out());
        assertTrue(run.out().contains("podpreset.dev/v1alpha1"), run.out());
        assertTrue(run.out().contains("fabric8:      " + fabric8 + " "), run.out());
        assertTrue(run.out().matches("(?s).*built: +\\d{4}-\\d\\d-\\d\\d.*"), run.out());
        assertEquals(run.out(), run("--version").out());
    }

    @Test
    void theExampleTestSuitePassesAsTheReadmeShows() throws IOException {
        CliCase.Run run = run("test", "examples/tests");
        assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
        Matcher readme = Pattern.compile("```console\n\\$ bin/podpreset test examples/tests\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertTrue(readme.find(), "the README shows the run of examples/tests");
        assertEquals(readme.group(1), run.out());
    }

    @Test
    void completionScriptCompletesCommandsAndOptionsInBash() throws Exception {
        CliCase.Run run = run("completion", "bash");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertEquals(run.out(), run("completion", "zsh").out(), "one script serves both shells");
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "bash is needed to run the script");
        Path script = Files.createTempFile("podpreset-completion", ".bash");
        try {
            Files.writeString(script, run.out());
            assertEquals("inject", complete(script, "podpreset inj"));
            assertTrue(complete(script, "podpreset inject --fail").contains("--fail-on-skip"));
            assertTrue(complete(script, "podpreset completion ").contains("zsh"));
        } finally {
            Files.delete(script);
        }
    }

    /** What bash completes for {@code line} (the cursor at its end), one candidate per line. */
    private static String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        String program = "source " + script + "\n"
                + "COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE='" + line + "';"
                + " COMP_POINT=${#COMP_LINE}\n"
                + "_complete_podpreset podpreset\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
