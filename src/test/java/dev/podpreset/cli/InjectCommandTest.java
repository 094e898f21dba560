package dev.podpreset.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input handling of {@code podpreset inject} and {@code explain} beyond the golden cases. */
class InjectCommandTest {
    private static final Path CASE = CliCase.ROOT.resolve("01-pod");

    private static CliCase.Run stdin(String yaml, String command) {
        return CliCase.run(CASE, List.of(command, "--presets", "presets", "-f", "-"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static CliCase.Run stdin(String yaml) {
        return stdin(yaml, "inject");
    }

    @Test
    void yamlSyntaxErrorNamesTheDocument() {
        CliCase.Run run = stdin("apiVersion: v1\nkind: ConfigMap\n---\nkind: Pod\nmetadata: [unclosed\n");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("", run.out());
        assertEquals("error: <stdin>:6: cannot parse YAML: expected ',' or ']', but got <stream end> (while parsing a flow "
                + "sequence that starts on line 5) at column 1\n", run.err());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsMalformed() {
        CliCase.Run run = stdin("just a string\n");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("error: <stdin> document 1: expected a Kubernetes object (a mapping), got string\n", run.err());
    }

    @Test
    void aWorkloadWithoutTemplateIsMalformed() {
        CliCase.Run run = stdin("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("error: <stdin> document 1 (Deployment default/web): spec.template: Required value\n", run.err());
    }

    @Test
    void mirrorPodsAreExplainedAndLeftAlone() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: etcd-node1
                  namespace: team-a
                  annotations:
                    kubernetes.io/config.mirror: abc
                spec:
                  containers:
                  - name: etcd
                    image: etcd:3
                """;
        CliCase.Run explained = stdin(pod, "explain");
        assertEquals(ExitCodes.OK, explained.exit(), explained.err());
        assertTrue(explained.out().contains("  outcome: not injected: mirror pod (annotation kubernetes.io/config.mirror)\n"),
                explained.out());
        CliCase.Run injected = stdin(pod);
        assertEquals(pod, injected.out());
    }

    @Test
    void listItemsAreInjectedOneByOne() {
        String list = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: a
                    namespace: team-a
                  spec:
                    containers:
                    - name: a
                      image: a
                """;
        CliCase.Run run = stdin(list, "explain");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().startsWith("<stdin> document 1 item 1: Pod team-a/a\n"), run.out());
    }

    @Test
    void aMissingFileIsReportedAndFails() {
        CliCase.Run run = CliCase.run(CASE, List.of("inject", "--presets", "presets", "-f", "nope.yaml"), new byte[0]);
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("error: nope.yaml: no such file or directory\n", run.err());
    }

    @Test
    void readmeExplainExampleIsARealRun() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```text\\n(examples/manifests/website\\.yaml.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README shows the --explain output of examples/manifests/website.yaml");
        CliCase.Run run = CliCase.run(Path.of(""), List.of("explain", "--presets", "examples", "-f",
                "examples/manifests/website.yaml"), new byte[0]);
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertEquals(m.group(1), run.out());
    }

    @Test
    void usageErrors() {
        for (List<String> args : List.of(
                List.of("inject", "-f", "pod.yaml"),
                List.of("inject", "--presets", "presets"),
                List.of("inject", "--presets", "no-such-dir", "-f", "pod.yaml"),
                List.of("inject", "--presets", "presets", "-f", "pod.yaml", "--bogus"),
                List.of("inject", "--presets", "presets", "pod.yaml"),
                List.of("inject", "--presets", "presets", "--cluster", "-f", "pod.yaml"),
                List.of("inject", "--presets", "presets", "-f", "pod.yaml", "-o", "xml"),
                List.of("inject", "--presets", "presets", "-f", "pod.yaml", "--namespace-selector", "a in b"),
                List.of("inject", "--presets", "presets", "-f", "pod.yaml", "--object-selector", "{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Near\"}]}"),
                List.of("explain", "--presets", "presets", "pod", "web"))) {
            CliCase.Run run = CliCase.run(CASE, args, new byte[0]);
            assertEquals(ExitCodes.USAGE, run.exit(), String.join(" ", args) + "\n" + run.err());
            assertEquals("", run.out(), String.join(" ", args));
            assertTrue(run.err().startsWith("podpreset " + args.get(0) + ": "), run.err());
            assertTrue(run.err().contains("Run 'podpreset " + args.get(0) + " --help' for usage."), run.err());
        }
    }
}
