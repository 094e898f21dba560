package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.TestBodies;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod whose env and volumes are long enough to be kept as the body's bytes gets the answer it gets as nodes, and
 * the right one: identical entries anywhere in the lists are recognised, the last of a repeated name counts, a
 * conflict at the end of a list is found.
 */
class LongListReviewTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void aPodWithListsKeptAsBytesIsAnsweredAsWithNodes() throws Exception {
        byte[] bytes = review().getBytes(StandardCharsets.UTF_8);
        BodyBytes body = BodyBytes.of(bytes);
        AdmissionRequest request = AdmissionRequest.parse(body);
        ObjectNode pod = request.pod();
        ArrayNode env = (ArrayNode) pod.at("/spec/containers/0/env");
        assertThrows(UnsupportedOperationException.class, () -> env.add(1), "env must be kept as bytes");
        assertThrows(UnsupportedOperationException.class, () -> ((ArrayNode) pod.at("/spec/volumes")).add(1),
                "volumes must be kept as bytes");
        ((ArrayNode) pod.at("/spec/containers")).add(1); // the containers around them are nodes

        PresetSnapshot snapshot = presets();
        byte[] asBytes = PodMutator.answer(AdmissionRequest.parse(body), snapshot, IgnoredContainers.DEFAULT).reviewBytes();
        byte[] asNodes = PodMutator.answer(AdmissionRequest.parse(body,
                new ReviewTreeReader(AdmissionRequest.MAPPER, Integer.MAX_VALUE)), snapshot, IgnoredContainers.DEFAULT)
                .reviewBytes();
        assertArrayEquals(asNodes, asBytes);
        try (BodyBytes outside = TestBodies.outsideHeap(bytes)) {
            assertArrayEquals(asNodes, PodMutator.answer(AdmissionRequest.parse(outside), snapshot, IgnoredContainers.DEFAULT)
                    .reviewBytes());
        }

        JsonNode response = AdmissionRequest.MAPPER.readTree(asBytes).path("response");
        assertTrue(response.path("allowed").asBoolean(), response.toString());
        JsonNode patch = AdmissionRequest.MAPPER.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        List<String> ops = new ArrayList<>();
        patch.forEach(op -> ops.add(op.path("op").asText() + " " + op.path("path").asText()));
        // Only NEW is new: SAME is identical in the middle of env, DUP to its last entry, creds to the last volume.
        assertEquals(List.of("add /metadata/annotations", "add /spec/containers/0/env/-", "add /spec/containers/0/volumeMounts"),
                ops);
        assertEquals("{\"name\":\"NEW\",\"value\":\"x\"}", patch.get(1).path("value").toString());
        List<String> annotations = new ArrayList<>();
        patch.get(0).path("value").fieldNames().forEachRemaining(annotations::add);
        // last-duplicate applies (with the first DUP it would conflict); VAR_2999 at the end of env conflicts.
        assertEquals(List.of("podpreset.dev/skipped-podpreset-conflicting", "podpreset.dev/podpreset-identical",
                "podpreset.dev/podpreset-last-duplicate"), annotations);
        assertTrue(response.path("warnings").get(0).asText().contains("env \"VAR_2999\""), response.toString());
    }

    private static PresetSnapshot presets() throws Exception {
        List<String> docs = List.of("""
                        apiVersion: podpreset.dev/v1alpha1
                        kind: PodPreset
                        metadata: {name: identical, namespace: team-a, generation: 1}
                        spec:
                          selector: {matchLabels: {app: big}}
                          env: [{name: SAME, value: db.team-a}, {name: NEW, value: x}]
                          volumes: [{name: creds, secret: {secretName: db}}]
                          volumeMounts: [{name: creds, mountPath: /etc/db}]
                        """, """
                        apiVersion: podpreset.dev/v1alpha1
                        kind: PodPreset
                        metadata: {name: last-duplicate, namespace: team-a, generation: 1}
                        spec:
                          selector: {matchLabels: {app: big}}
                          env: [{name: DUP, value: second}]
                        """, """
                        apiVersion: podpreset.dev/v1alpha1
                        kind: PodPreset
                        metadata: {name: conflicting, namespace: team-a, generation: 1}
                        spec:
                          selector: {matchLabels: {app: big}}
                          env: [{name: VAR_2999, value: other}]
                        """);
        List<dev.podpreset.injection.PreparedPreset> prepared = new ArrayList<>();
        for (String doc : docs) {
            prepared.add(PresetDocuments.prepare(YAML.readTree(doc)));
        }
        return new PresetSnapshot(prepared, Map.of());
    }

    /** 3,000 env entries (DUP at 10 and 2,500, SAME at 1,500) and 3,000 volumes, creds the last. */
    private static String review() {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String name = i == 10 || i == 2_500 ? "DUP" : i == 1_500 ? "SAME" : "VAR_" + i;
            String value = i == 10 ? "first" : i == 2_500 ? "second" : i == 1_500 ? "db.team-a" : "value-" + i;
            env.append(i == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"value\":\"").append(value)
                    .append("\"}");
        }
        StringBuilder volumes = new StringBuilder();
        for (int i = 0; i < 2_999; i++) {
            volumes.append("{\"name\":\"v-").append(i).append("\",\"emptyDir\":{}},");
        }
        volumes.append("{\"name\":\"creds\",\"secret\":{\"secretName\":\"db\",\"defaultMode\":420}}");
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-long","operation":"CREATE",
                 "namespace":"team-a","resource":{"group":"","version":"v1","resource":"pods"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"long","namespace":"team-a","labels":{"app":"big"}},
                  "spec":{"volumes":[%s],"containers":[{"name":"main","image":"app:1","env":[%s]}]}}}}"""
                .formatted(volumes, env);
    }
}
