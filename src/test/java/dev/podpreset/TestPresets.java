package dev.podpreset;

/** Preset manifests that several tests apply to a (mock) cluster or post to a webhook. */
public final class TestPresets {
    /** A PodPreset in team-a for role=frontend pods, setting DB_PORT to the formatted value. */
    public static final String DB_PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: db, namespace: team-a}
            spec:
              selector: {matchLabels: {role: frontend}}
              env: [{name: DB_PORT, value: "%s"}]
            """;

    /** A ClusterPodPreset tolerating the GPU taint in namespaces labelled gpu=true. */
    public static final String GPU_PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: ClusterPodPreset
            metadata: {name: gpu}
            spec:
              namespaceSelector: {matchLabels: {gpu: "true"}}
              tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
            """;

    /**
     * A PodPreset in team-a with a field this version does not know ({@code spec.canary}), as a newer CRD would store
     * it during an upgrade.
     */
    public static final String NEWER_VERSION_PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: newer, namespace: team-a}
            spec:
              canary: {percent: 10}
              env: [{name: A, value: b}]
            """;

    private TestPresets() {
    }
}
