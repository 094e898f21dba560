package dev.podpreset.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a CI gate (issue 20): what used to pass by mistake fails with exit 1 and names the
 * file and line, and what kubectl accepts is read.
 */
class StrictGateTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: website, namespace: team-a, labels: {role: frontend}}
            spec:
              containers: [{name: website, image: nginx:1.27}]
            """;
    private static final String PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: allow-database, namespace: team-a}
            spec:
              selector: {matchLabels: {role: frontend}}
              env: [{name: DB_PORT, value: "6379"}]
            """;
    private static final String NAMESPACE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a, labels: {podpreset.dev/injection: enabled}}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void presets() throws IOException {
        Files.createDirectories(dir.resolve("presets"));
        Files.writeString(dir.resolve("presets/db.yaml"), PRESET);
        Files.writeString(dir.resolve("presets/namespaces.yaml"), NAMESPACE);
        Files.writeString(dir.resolve("pod.yaml"), POD);
    }

    private CliCase.Run run(String... args) {
        return CliCase.run(dir, List.of(args), new byte[0]);
    }

    private CliCase.Run suite(String results) throws IOException {
        Files.writeString(dir.resolve("podpreset-test.yaml"), "presets: [presets]\nresources: [pod.yaml]\nresults:\n" + results);
        return run("test", ".");
    }

    @Test
    void aSuiteNamingAPresetThatDoesNotExistFails() throws IOException {
        CliCase.Run run = suite("""
                  - resource: Pod/team-a/website
                    preset: PodPreset/team-a/typo-preset
                    result: not-selected
                """);
        assertEquals(ExitCodes.FAILED, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("error: podpreset-test.yaml:5: PodPreset/team-a/typo-preset: no such preset in presets"),
                run.err());
        assertTrue(run.out().contains("not-selected  no such preset  FAIL"), run.out());
    }

    @Test
    void aSuiteNamingAResourceThatDoesNotExistFails() throws IOException {
        CliCase.Run run = suite("""
                  - resource: Pod/team-a/web-site
                    preset: PodPreset/team-a/allow-database
                    result: not-selected
                """);
        assertEquals(ExitCodes.FAILED, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("error: podpreset-test.yaml:4: Pod team-a/web-site: no such resource in pod.yaml"),
                run.err());
    }

    @Test
    void anInvalidPresetInTheSuitesPresetsFailsTheSuite() throws IOException {
        Files.writeString(dir.resolve("presets/broken.yaml"), PRESET.replace("allow-database", "broken")
                .replace("env:", "evn:"));
        CliCase.Run run = suite("""
                  - resource: Pod/team-a/website
                    preset: PodPreset/team-a/allow-database
                    result: applied
                """);
        assertEquals(ExitCodes.FAILED, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("error: presets/broken.yaml:6 (document 1, PodPreset broken): "
                + "PodPreset team-a/broken is invalid: spec.evn: unknown field"), run.err());
    }

    @Test
    void aPatchedResourceMustBeTheOneResourceNamed() throws IOException {
        CliCase.Run injected = run("inject", "--presets", "presets", "-f", "pod.yaml");
        assertEquals(ExitCodes.OK, injected.exit(), injected.err());
        Files.writeString(dir.resolve("expected.yaml"), injected.out());
        String expectation = """
                  - resource: Pod/team-a/website
                    patchedResource: expected.yaml
                """;
        assertEquals(ExitCodes.OK, suite(expectation).exit());

        Files.writeString(dir.resolve("expected.yaml"), injected.out() + "---\n" + NAMESPACE);
        CliCase.Run twoDocuments = suite(expectation);
        assertEquals(ExitCodes.FAILED, twoDocuments.exit(), "compared with its first document only, it passed");
        assertTrue(twoDocuments.err().contains("error: podpreset-test.yaml:5: expected.yaml holds 2 documents; a "
                + "patchedResource is the one resource Pod team-a/website"), twoDocuments.err());

        Files.writeString(dir.resolve("expected.yaml"), injected.out().replace("name: website", "name: other"));
        CliCase.Run other = suite(expectation);
        assertEquals(ExitCodes.FAILED, other.exit());
        assertTrue(other.err().contains("expected.yaml:3: holds Pod team-a/other, not Pod team-a/website"), other.err());
    }

    @Test
    void anUnparseablePresetFileFailsInject() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "apiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: [\n");
        CliCase.Run run = run("inject", "--presets", "bad.yaml", "-f", "pod.yaml");
        assertEquals(ExitCodes.FAILED, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: bad.yaml:4: cannot parse YAML: "), run.err());
    }

    @Test
    void validateNamesTheLineOfABadlyIndentedPreset() throws IOException {
        Files.writeString(dir.resolve("presets/indent.yaml"), PRESET.replace("  env:", " env:"));
        CliCase.Run run = run("validate", "presets");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertTrue(run.out().contains("error: presets/indent.yaml:6: cannot parse YAML: "), run.out());
    }

    @Test
    void otherKindsInAPresetDirectoryAreSkippedAndListedNotErrors() throws IOException {
        Files.writeString(dir.resolve("presets/kustomization.yaml"), "resources: [db.yaml, namespaces.yaml]\n");
        Files.writeString(dir.resolve("presets/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
        CliCase.Run run = run("validate", "presets");
        assertEquals(ExitCodes.OK, run.exit(), run.out());
        assertEquals("""
                skipped: presets/cm.yaml:1 (document 1): ConfigMap cm is not a PodPreset, ClusterPodPreset or Namespace
                skipped: presets/kustomization.yaml:1 (document 1): a kustomization, not a preset
                1 valid preset, 0 problems
                """, run.out());
    }

    @Test
    void anEmptyInputIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        CliCase.Run validate = run("validate", "empty");
        assertEquals(ExitCodes.FAILED, validate.exit(), "an empty directory passed with \"0 valid presets\"");
        assertTrue(validate.out().contains("error: empty: no PodPreset or ClusterPodPreset"), validate.out());
        CliCase.Run inject = run("inject", "--presets", "empty", "-f", "pod.yaml");
        assertEquals(ExitCodes.FAILED, inject.exit());
        assertTrue(inject.err().contains("no PodPreset or ClusterPodPreset in empty"), inject.err());
        Files.writeString(dir.resolve("blank.yaml"), "# nothing yet\n");
        CliCase.Run blank = run("inject", "--presets", "presets", "-f", "blank.yaml");
        assertEquals(ExitCodes.FAILED, blank.exit());
        assertTrue(blank.err().contains("error: no objects in blank.yaml"), blank.err());
    }

    @Test
    void minusFTakesDirectoriesAndMinusRRecurses() throws IOException {
        Files.createDirectories(dir.resolve("manifests/nested"));
        Files.writeString(dir.resolve("manifests/a.yaml"), POD);
        Files.writeString(dir.resolve("manifests/nested/b.yaml"), POD.replace("website", "nested"));
        Files.writeString(dir.resolve("manifests/notes.txt"), "not a manifest");
        for (String command : List.of("inject", "explain")) {
            CliCase.Run flat = run(command, "--presets", "presets", "-f", "manifests");
            assertEquals(ExitCodes.OK, flat.exit(), flat.err());
            assertFalse(flat.err().contains("Exception") || flat.out().contains("nested"), flat.out() + flat.err());
            CliCase.Run recursive = run(command, "--presets", "presets", "-f", "manifests", "-R");
            assertEquals(ExitCodes.OK, recursive.exit(), recursive.err());
            assertTrue(recursive.out().contains("nested"), recursive.out());
        }
        assertTrue(run("explain", "--presets", "presets", "-f", "manifests", "-R").out()
                .startsWith("manifests/a.yaml document 1: Pod team-a/website\n"));
    }

    @Test
    void namespaceObjectsAmongTheManifestsGiveTheirLabels() throws IOException {
        Files.writeString(dir.resolve("presets/namespaces.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-b}\n");
        Files.writeString(dir.resolve("app.yaml"), NAMESPACE + "---\n" + POD);
        CliCase.Run run = run("explain", "--presets", "presets", "-f", "app.yaml");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().contains("app.yaml document 2: Pod team-a/website\n"
                + "  namespace: team-a (labels: kubernetes.io/metadata.name=team-a, podpreset.dev/injection=enabled)\n"
                + "  outcome: injected\n"), run.out());
    }

    @Test
    void aCustomResourceWithAPodTemplateIsInjectedAndAnythingElseIsReportedAsPassedThrough() throws IOException {
        Files.writeString(dir.resolve("rollout.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web, namespace: team-a}
                spec:
                  template:
                    metadata: {labels: {role: frontend}}
                    spec:
                      containers: [{name: web, image: nginx}]
                ---
                apiVersion: tekton.dev/v1
                kind: Task
                metadata: {name: build, namespace: team-a}
                spec:
                  steps: [{name: build, image: golang}]
                """);
        CliCase.Run run = run("inject", "--presets", "presets", "-f", "rollout.yaml");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().split("---\n")[0].contains("name: DB_PORT"), run.out());
        assertEquals("note: rollout.yaml document 2 (Task team-a/build): passed through: no pod or pod template\n", run.err());
    }

    @Test
    void theExitCodeOfADirectoryOfManifestsIsThatOfItsFiles() throws IOException {
        Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(dir.resolve("manifests/a.yaml"), POD);
        Files.writeString(dir.resolve("manifests/b.yaml"), "kind: Pod\nmetadata: [\n");
        CliCase.Run run = run("inject", "--presets", "presets", "-f", "manifests");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: manifests/b.yaml:3: cannot parse YAML"), run.err());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
