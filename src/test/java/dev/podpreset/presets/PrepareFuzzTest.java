package dev.podpreset.presets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.Violation;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.PreparedPreset;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fuzzes preset preparation: any JSON given as the spec of a PodPreset or ClusterPodPreset either
 * prepares, and then the engine can inject it into a pod without an exception, or is refused with an
 * {@link InvalidDocumentException} whose every violation names a field; nothing else. The normal test
 * command replays the seeds in src/test/resources/dev/podpreset/presets/PrepareFuzzTestInputs
 * (regression mode); run with JAZZER_FUZZ=1 to fuzz.
 */
class PrepareFuzzTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectNode POD = pod();

    @FuzzTest(maxDuration = "30s")
    void prepare(FuzzedDataProvider data) {
        boolean cluster = data.consumeBoolean();
        JsonNode spec;
        try {
            spec = JSON.readTree(data.consumeRemainingAsBytes());
        } catch (IOException notJson) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode().put("apiVersion", "podpreset.dev/v1alpha1")
                .put("kind", cluster ? "ClusterPodPreset" : "PodPreset");
        doc.putObject("metadata").put("name", "fuzz");
        doc.set("spec", spec);
        PreparedPreset prepared;
        try {
            prepared = PresetDocuments.prepare(doc, "team-a");
        } catch (InvalidDocumentException refused) {
            List<Violation> violations = refused.preset().violations();
            assertFalse(violations.isEmpty());
            violations.forEach(v -> assertFalse(v.field().isBlank() || v.reason().isBlank(), v.toString()));
            return;
        }
        new PresetSnapshot(List.of(prepared), Map.of()).inject(POD.deepCopy(), "team-a", IgnoredContainers.DEFAULT);
    }

    private static ObjectNode pod() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"team-a","labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"app","image":"nginx","env":[{"name":"A","value":"1"}],
                       "ports":[{"containerPort":80}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}],
                      "volumes":[{"name":"data","emptyDir":{}}],"tolerations":[{"key":"k","operator":"Exists"}]}}""");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
