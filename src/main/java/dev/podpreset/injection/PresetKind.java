package dev.podpreset.injection;

/** The two kinds of preset, in the order they are applied: cluster presets first. */
public enum PresetKind {
    CLUSTER("ClusterPodPreset", "clusterpodpreset"),
    NAMESPACED("PodPreset", "podpreset");

    private final String kind;
    private final String annotationPrefix;

    PresetKind(String kind, String annotationPrefix) {
        this.kind = kind;
        this.annotationPrefix = annotationPrefix;
    }

    public String kind() {
        return kind;
    }

    /** "ClusterPodPreset gpu" or "PodPreset team-a/db": how messages name a preset of this kind. */
    public String displayName(String namespace, String name) {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    String annotationPrefix() {
        return annotationPrefix;
    }
}
