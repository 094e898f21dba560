package dev.podpreset.presets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetDirectoryTest {
    private static final String VALID = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: a, namespace: ns}
            spec:
              env: [{name: A, value: "1"}]
            """;

    @Test
    void loadsTheBundledExamples() throws Exception {
        PresetDirectory.Contents c = PresetDirectory.load(Path.of("examples"));
        assertEquals(java.util.List.of(), c.problems());
        assertEquals(4, c.presets().size());
        assertEquals("enabled", c.namespaceLabels().get("team-a").get("podpreset.dev/injection"));
    }

    @Test
    void readsMultiDocumentYamlAndJsonAndNamespaces(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns, labels: {x: y}}\n");
        Files.writeString(dir.resolve("b.json"), """
                {"apiVersion":"podpreset.dev/v1alpha1","kind":"ClusterPodPreset","metadata":{"name":"c"},
                 "spec":{"tolerations":[{"key":"k","operator":"Exists"}]}}""");
        Files.writeString(dir.resolve("ignored.txt"), "not a manifest");
        PresetDirectory.Contents c = PresetDirectory.load(dir);
        assertEquals(2, c.presets().size());
        assertEquals(Map.of("x", "y", "kubernetes.io/metadata.name", "ns"), c.namespaceLabels().get("ns"));
        assertEquals(java.util.List.of(), c.problems());
    }

    @Test
    void anInvalidPresetIsReportedByFileAndFieldAndSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), VALID + "---\n" + """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: b, namespace: ns}
                spec:
                  volumeMounts: [{name: missing, mountPath: /x}]
                """);
        PresetDirectory.Contents c = PresetDirectory.load(dir);
        assertEquals(1, c.presets().size());
        assertEquals(1, c.problems().size());
        String problem = c.problems().get(0);
        assertTrue(problem.contains("bad.yaml document 2") && problem.contains("spec.volumeMounts[0].name: Not found"), problem);
    }

    @Test
    void anUnknownSpecFieldIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("typo.yaml"), VALID.replace("env:", "evn:"));
        String problem = PresetDirectory.load(dir).problems().get(0);
        assertTrue(problem.contains("spec.evn: unknown field"), problem);
    }

    @Test
    void theRemovedUpstreamApiVersionIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.yaml"), VALID.replace("podpreset.dev/v1alpha1", "settings.k8s.io/v1alpha1"));
        String problem = PresetDirectory.load(dir).problems().get(0);
        assertTrue(problem.contains("change it to podpreset.dev/v1alpha1"), problem);
    }

    @Test
    void aFileThatIsNotYamlIsReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "a: [unclosed");
        String problem = PresetDirectory.load(dir).problems().get(0);
        assertTrue(problem.contains("broken.yaml: cannot parse"), problem);
    }
}
