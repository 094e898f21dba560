package dev.podpreset.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/podpreset on the packaged jar, as a process: real exit codes, and commands that must not start a
 * server end on their own.
 */
class LauncherIT {
    private record Result(int exit, String out, String err) {
    }

    private static Result podpreset(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "bin/podpreset"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(ended, "podpreset " + String.join(" ", args) + " did not end: did it start a server?");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        Result version = podpreset("version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("podpreset-injector "), version.out());
        Result help = podpreset("serve", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: podpreset serve"), help.out());
    }

    @Test
    void usageErrorsExitTwoWithoutStartingAServer() throws Exception {
        for (String[] args : new String[][] {{"injct"}, {"inject", "--bogus"}, {"completion", "fish"}}) {
            Result r = podpreset(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void injectPrintsWhatTheInProcessRunPrintsAndFailOnSkipExitsThree() throws Exception {
        List<String> args = List.of("inject", "--presets", "examples", "-f", "examples/manifests/website.yaml");
        Result process = podpreset(args.toArray(String[]::new));
        CliCase.Run inProcess = CliCase.run(Path.of(""), args, new byte[0]);
        assertEquals(0, process.exit(), process.err());
        assertEquals(inProcess.out(), process.out());
        assertEquals(inProcess.err(), process.err(), "nothing but the CLI's own messages on standard error");

        List<String> gated = new ArrayList<>(args);
        gated.add("--fail-on-skip");
        assertEquals(3, podpreset(gated.toArray(String[]::new)).exit());
    }
}
