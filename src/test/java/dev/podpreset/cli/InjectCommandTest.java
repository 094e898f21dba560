package dev.podpreset.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input handling of {@code podpreset inject} beyond the golden cases. */
class InjectCommandTest {
    private static final Path CASE = CliCase.ROOT.resolve("01-pod");

    private static CliCase.Run stdin(String yaml, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "--presets";
        args[1] = "presets";
        args[2] = "-f";
        args[3] = "-";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliCase.run(CASE, args, yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void yamlSyntaxErrorNamesTheDocument() {
        CliCase.Run run = stdin("apiVersion: v1\nkind: ConfigMap\n---\nkind: Pod\nmetadata: [unclosed\n");
        assertEquals(InjectCommand.FAILED, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: <stdin> document 2: cannot parse YAML: "), run.err());
    }

    @Test
    void aDocumentThatIsNotAnObjectIsMalformed() {
        CliCase.Run run = stdin("just a string\n");
        assertEquals(InjectCommand.FAILED, run.exit());
        assertEquals("error: <stdin> document 1: expected a Kubernetes object (a mapping), got string\n", run.err());
    }

    @Test
    void aWorkloadWithoutTemplateIsMalformed() {
        CliCase.Run run = stdin("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n");
        assertEquals(InjectCommand.FAILED, run.exit());
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
        CliCase.Run explained = stdin(pod, "--explain");
        assertEquals(InjectCommand.OK, explained.exit(), explained.err());
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
        CliCase.Run run = stdin(list, "--explain");
        assertEquals(InjectCommand.OK, run.exit(), run.err());
        assertTrue(run.out().startsWith("<stdin> document 1 item 1: Pod team-a/a\n"), run.out());
    }

    @Test
    void aMissingFileIsReportedAndFails() {
        CliCase.Run run = CliCase.run(CASE, new String[] {"--presets", "presets", "-f", "nope.yaml"}, new byte[0]);
        assertEquals(InjectCommand.FAILED, run.exit());
        assertEquals("error: nope.yaml: no such file\n", run.err());
    }

    @Test
    void readmeExplainExampleIsARealRun() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```text\\n(examples/manifests/website\\.yaml.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README shows the --explain output of examples/manifests/website.yaml");
        CliCase.Run run = CliCase.run(Path.of(""), new String[] {"--presets", "examples", "-f",
                "examples/manifests/website.yaml", "--explain"}, new byte[0]);
        assertEquals(InjectCommand.OK, run.exit(), run.err());
        assertEquals(m.group(1), run.out());
    }

    @Test
    void usageErrors() {
        for (String[] args : new String[][] {
                {"-f", "pod.yaml"},
                {"--presets", "presets"},
                {"--presets", "no-such-dir", "-f", "pod.yaml"},
                {"--presets", "presets", "-f", "pod.yaml", "--bogus"},
                {"--presets", "presets", "pod.yaml"}}) {
            CliCase.Run run = CliCase.run(CASE, args, new byte[0]);
            assertEquals(InjectCommand.USAGE, run.exit(), String.join(" ", args));
            assertEquals("", run.out());
            assertTrue(run.err().startsWith("podpreset inject: "), run.err());
        }
    }
}
