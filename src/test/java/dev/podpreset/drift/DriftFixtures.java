package dev.podpreset.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.scope.WebhookScope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/** Presets, pods and workloads for the pure drift tests. */
final class DriftFixtures {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** A webhook called for every pod. */
    static final WebhookScope EVERY_POD = new WebhookScope(Set.of(), null, null);

    private DriftFixtures() {
    }

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PodPreset team-a/db at generation 4 for role=frontend pods, setting DB_PORT. */
    static PreparedPreset db() {
        return db("");
    }

    /** {@link #db()} in audit mode, asking for restarts (which an audit preset never does). */
    static PreparedPreset auditDb() {
        return db("""
                  mode: Audit
                  restartWorkloads: StaleOrMissing
                """);
    }

    private static PreparedPreset db(String moreSpec) {
        return PresetDocuments.prepare(yaml("""
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a, generation: 4, uid: u-db}
                spec:
                  selector: {matchLabels: {role: frontend}}
                  env: [{name: DB_PORT, value: "5432"}]
                """ + moreSpec));
    }

    /** ClusterPodPreset gpu at generation 2 for namespaces labelled gpu=true. */
    static PreparedPreset gpu() {
        return PresetDocuments.prepare(yaml("""
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: gpu, generation: 2, uid: u-gpu}
                spec:
                  namespaceSelector: {matchLabels: {gpu: "true"}}
                  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                """));
    }

    static PodRecord pod(String namespace, String name, Map<String, String> labels, Map<String, String> annotations) {
        return new PodRecord(namespace, name, labels, annotations, new PodRecord.OwnerRef("ReplicaSet", name + "-rs"),
                "Running", 1_000, false);
    }
}
