package dev.podpreset.presets;

import dev.podpreset.api.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(List.of(), c.problems());
        assertEquals(7, c.presets().size());
        assertEquals("enabled", c.namespaces().get("team-a").labels().get("podpreset.dev/injection"));
    }

    @Test
    void readsMultiDocumentYamlAndJsonAndNamespaces(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns, labels: {x: z},"
                + " annotations: {team: payments, kubectl.kubernetes.io/last-applied-configuration: '{}'}}\n");
        Files.writeString(dir.resolve("b.json"), """
                {"apiVersion":"podpreset.dev/v1alpha1","kind":"ClusterPodPreset","metadata":{"name":"c"},
                 "spec":{"tolerations":[{"key":"k","operator":"Exists"}]}}""");
        Files.writeString(dir.resolve("ignored.txt"), "not a manifest");
        PresetDirectory.Contents c = PresetDirectory.load(dir);
        assertEquals(2, c.presets().size());
        assertEquals(Map.of("x", "z", "kubernetes.io/metadata.name", "ns"), c.namespaces().get("ns").labels());
        assertEquals(Map.of("team", "payments"), c.namespaces().get("ns").annotations());
        assertEquals(List.of(), c.problems());
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
        assertTrue(problem.endsWith("bad.yaml:11 (document 2, PodPreset b): PodPreset ns/b is invalid: "
                + "spec.volumeMounts[0].name: Not found: \"missing\" is not a volume of this preset"), problem);
    }

    @Test
    void aDocumentThatFailsPreparationSkipsOnlyItself(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mixed.yaml"), """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: no-operator, namespace: ns}
                spec:
                  selector: {matchExpressions: [{key: app}]}
                  env: [{name: A, value: "1"}]
                ---
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: null-port, namespace: ns}
                spec:
                  sidecars: [{name: s, image: busybox, ports: [null]}]
                ---
                """ + VALID.replace("name: a,", "name: good-in-same-file,"));
        PresetDirectory.Contents c = PresetDirectory.load(dir);
        assertEquals(List.of("good-in-same-file"), c.presets().stream().map(p -> p.name()).toList());
        assertEquals(List.of("no-operator", "null-port"), c.invalid().stream().map(InvalidPreset::name).toList());
        assertEquals(List.of(new Violation("spec.selector.matchExpressions[0].operator", Violation.Type.REQUIRED,
                "Required value: supported values: In, NotIn, Exists, DoesNotExist")), c.invalid().get(0).violations());
        assertEquals("spec.sidecars[0].ports[0]", c.invalid().get(1).violations().get(0).field());
        assertEquals(2, c.problems().size(), c.problems().toString());
        assertTrue(c.problems().get(1).contains("mixed.yaml:12 (document 2, PodPreset null-port): PodPreset ns/null-port is invalid:"
                + " spec.sidecars[0].ports[0]: Invalid value: null"), c.problems().get(1));
    }

    @Test
    void aPodPresetWithoutNamespaceIsInDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID.replace("metadata: {name: a, namespace: ns}", "metadata: {name: a}"));
        Files.writeString(dir.resolve("b.yaml"), VALID.replace("metadata: {name: a, namespace: ns}",
                "metadata: {name: b, namespace: null}"));
        assertEquals(List.of("default", "default"), PresetDirectory.load(dir).presets().stream().map(p -> p.namespace()).toList());
    }

    @Test
    void aFileCaughtHalfWrittenKeepsItsLastContentAndSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, VALID);
        PresetDirectory.Contents first = PresetDirectory.load(dir);
        for (String partial : new String[]{"", VALID.substring(0, VALID.indexOf("spec:") - 5), VALID.substring(0, 60),
                "apiVersion: podpreset.dev/v1alpha1\n"}) {
            Files.writeString(file, partial);
            PresetDirectory.Contents during = PresetDirectory.load(dir, first.files());
            assertEquals(List.of("a"), during.presets().stream().map(p -> p.name()).toList(), "while the file is " + partial);
            assertEquals(1, during.problems().size(), during.problems().toString());
            assertTrue(during.problems().get(0).endsWith("serving the 1 presets it had until it reads whole again"),
                    during.problems().get(0));
        }
        Files.writeString(file, VALID.replace("name: a,", "name: b,"));
        assertEquals(List.of("b"), PresetDirectory.load(dir, first.files()).presets().stream().map(p -> p.name()).toList());
    }

    @Test
    void aPresetThatTurnsInvalidKeepsItsLastValidVersionAndIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, VALID);
        PresetDirectory.Contents first = PresetDirectory.load(dir);
        Files.writeString(file, VALID.replace("env: [{name: A, value: \"1\"}]", "env: [{value: \"1\"}]"));
        PresetDirectory.Contents after = PresetDirectory.load(dir, first.files());
        assertTrue(after.presets().get(0) == first.presets().get(0), "the last valid version is served");
        assertEquals(List.of(new Violation("spec.env[0].name", Violation.Type.REQUIRED, "Required value")), after.invalid().get(0).violations());
        assertTrue(after.problems().get(0).endsWith("serving its last valid version until it is fixed"), after.problems().toString());
        // Without a history (the CLI, a first load) it is simply skipped.
        assertEquals(List.of(), PresetDirectory.load(dir).presets());
    }

    @Test
    void aFileWithOnlyCommentsIsEmptyNotHalfWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, VALID);
        PresetDirectory.Contents first = PresetDirectory.load(dir);
        Files.writeString(file, "# all presets of this file removed\n");
        assertEquals(List.of(), PresetDirectory.load(dir, first.files()).presets());
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
        assertTrue(problem.endsWith("broken.yaml:1: cannot parse YAML: expected ',' or ']', but got <stream end> "
                + "(while parsing a flow sequence) at column 13"), problem);
    }

    /** Issue 20: kubectl applies these; the directory used to skip the first and mangle the second. */
    @Test
    void anchorsAliasesAndMergeKeysAreReadAsKubectlReadsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("anchors.yaml"), """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: a, namespace: ns}
                spec:
                  selector:
                    matchLabels: &sel {app: web}
                  labels: *sel
                  annotations:
                    <<: &common {team: a, tier: backend}
                    owner: me
                  env: [{name: A, value: "1"}]
                """);
        PresetDirectory.Contents c = PresetDirectory.load(dir);
        assertEquals(List.of(), c.problems());
        assertEquals(1, c.presets().size());
        com.fasterxml.jackson.databind.node.ObjectNode pod = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"c","image":"i"}]}}""");
        String patch = c.snapshot().inject(pod, "ns", dev.podpreset.injection.IgnoredContainers.DEFAULT).patch().toString();
        assertTrue(patch.contains("\"team\":\"a\"") && patch.contains("\"owner\":\"me\"") && !patch.contains("<<"), patch);
    }

    @Test
    void otherKindsAndKustomizationsAreSkippedAndListedNotProblems(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), VALID + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: ns}\n");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [a.yaml]\n");
        PresetDirectory.Contents first = PresetDirectory.load(dir);
        assertEquals(List.of(), first.problems());
        assertEquals(1, first.presets().size());
        assertEquals(List.of(dir.resolve("a.yaml") + ":7 (document 2): ConfigMap ns/cm is not a PodPreset, ClusterPodPreset or Namespace",
                dir.resolve("kustomization.yaml") + ":1 (document 1): a kustomization, not a preset"), first.skipped());
        assertEquals(List.of(), PresetDirectory.load(dir, first.files()).problems(), "a skipped kind is not a half-written file");
    }

    /**
     * Thousands of documents are prepared on several threads, and what comes out is in the file's order all the
     * same: presets (whose order decides between two of the same name), invalid presets, and problems of every
     * kind interleaved as the documents are.
     */
    @Test
    void manyDocumentsComeOutInTheFilesOrderWhateverThreadPreparedThem(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder();
        List<String> expectedPresets = new java.util.ArrayList<>();
        List<String> expectedInvalid = new java.util.ArrayList<>();
        List<String> expectedProblems = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int document = i + 1;
            if (i % 97 == 5) {
                yaml.append("---\napiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: {name: bad-").append(i)
                        .append(", namespace: ns}\nspec:\n  volumeMounts: [{name: missing, mountPath: /x}]\n");
                expectedInvalid.add("bad-" + i);
                expectedProblems.add("(document " + document + ", PodPreset bad-" + i + ")");
            } else if (i % 89 == 3) {
                yaml.append("---\napiVersion: podpreset.dev/v1alpha1\nkind: PodPresett\nmetadata: {name: typo-").append(i).append("}\n");
                expectedProblems.add("(document " + document + "): kind: Unsupported value \"PodPresett\"");
            } else {
                // Every 10th is a second preset of an earlier name: which of the two serves depends on this order.
                String name = i % 10 == 9 ? "p-" + (i - 9) : "p-" + i;
                yaml.append("---\napiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: {name: ").append(name)
                        .append(", namespace: ns, resourceVersion: \"").append(i).append("\"}\nspec:\n  env: [{name: V, value: x}]\n");
                expectedPresets.add(name + "/" + i);
            }
        }
        Files.writeString(dir.resolve("many.yaml"), yaml);
        for (int round = 0; round < 3; round++) {
            PresetDirectory.Contents c = PresetDirectory.load(dir);
            assertEquals(expectedPresets, c.presets().stream()
                    .map(p -> p.name() + "/" + p.resourceVersion()).toList());
            assertEquals(expectedInvalid, c.invalid().stream().map(InvalidPreset::name).toList());
            assertEquals(expectedProblems.size(), c.problems().size(), c.problems().toString());
            for (int i = 0; i < expectedProblems.size(); i++) {
                assertTrue(c.problems().get(i).contains(expectedProblems.get(i)), i + ": " + c.problems().get(i));
            }
        }
    }
}
