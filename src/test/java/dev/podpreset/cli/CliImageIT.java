package dev.podpreset.cli;

import dev.podpreset.image.Podman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line from the image, as a CI job runs it: {@code podpreset inject ... -f -} with the manifest on
 * standard input, without a network. Every golden case of src/test/resources/cli that injects one manifest and
 * succeeds without a note must print exactly its expected output: the first through the image's entrypoint
 * ({@code podman run -i IMAGE inject ...}), the others with {@code podman exec} in one container of the image,
 * since every new container copies the whole image on podman's vfs storage. Run by {@code src/container/test.sh}.
 */
class CliImageIT {
    private final Podman podman = Podman.fromSystemProperties();

    @AfterEach
    void removeContainers() {
        podman.removeAll();
    }

    @Test
    void injectFromTheImagePrintsTheGoldenOutput() throws Exception {
        List<CliCase> cases = new ArrayList<>();
        for (String name : CliCase.names()) {
            CliCase c = CliCase.load(name);
            List<String> command = c.command();
            // the diff and the notes on standard error name the file read, which standard input has not
            if (command.get(0).equals("inject") && c.exit() == 0 && Collections.frequency(command, "-f") == 1
                    && !command.contains("--diff") && c.expectedErr() == null) {
                cases.add(c);
            }
        }
        assertTrue(cases.size() >= 3, "too few golden cases to run: " + cases.stream().map(CliCase::name).toList());

        CliCase first = cases.get(0);
        List<String> run = new ArrayList<>(List.of("run", "--rm", "--interactive", "--network", "none"));
        run.addAll(Podman.ULIMITS);
        run.addAll(List.of("--volume", first.dir().toAbsolutePath() + ":/case:ro", "--workdir", "/case", podman.image()));
        run.addAll(first.fromStandardInput());
        check(first, podman.exec(run, manifest(first), Duration.ofMinutes(2)));

        List<String> options = new ArrayList<>(List.of("--network", "none", "--entrypoint", "sleep"));
        options.addAll(Podman.ULIMITS);
        options.addAll(List.of("--volume", CliCase.ROOT.toAbsolutePath() + ":/cli:ro"));
        String container = podman.start(options, List.of("600"));
        for (CliCase c : cases.subList(1, cases.size())) {
            List<String> exec = new ArrayList<>(List.of("exec", "--interactive", "--workdir", "/cli/" + c.name(), container,
                    "podpreset"));
            exec.addAll(c.fromStandardInput());
            check(c, podman.exec(exec, manifest(c), Duration.ofMinutes(2)));
        }
        System.out.println("podpreset inject -f - in the image: " + cases.stream().map(CliCase::name).toList());
    }

    private static byte[] manifest(CliCase c) throws IOException {
        return Files.readAllBytes(c.dir().resolve(c.command().get(c.command().indexOf("-f") + 1)));
    }

    private static void check(CliCase c, Podman.Result result) {
        assertEquals(0, result.exit(), c.name() + ": " + result.err());
        assertEquals(c.expectedOut(), result.out(), c.name());
        assertEquals("", result.err(), c.name() + ": standard error");
    }
}
