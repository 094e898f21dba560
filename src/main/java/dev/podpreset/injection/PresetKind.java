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

    String annotationPrefix() {
        return annotationPrefix;
    }
}
