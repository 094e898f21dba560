package dev.podpreset.injection;

import dev.podpreset.api.NamespaceFieldPath;

import java.util.HashMap;
import java.util.Map;

/**
 * What presets read of the pod's namespace: its name, its labels (for namespaceSelectors) and its
 * annotations (for env values taken from the namespace), whichever source the namespace came from.
 */
public record NamespaceMetadata(String name, Map<String, String> labels, Map<String, String> annotations) {
    /** The label the API server sets on every namespace, valued with its name. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";
    /** kubectl's copy of the whole object: never a value for a preset, and often the largest annotation. */
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    public NamespaceMetadata {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A namespace as declared: {@link #NAME_LABEL} is added as the API server adds it; either map may be null. */
    public static NamespaceMetadata of(String name, Map<String, String> declaredLabels, Map<String, String> annotations) {
        Map<String, String> labels = declaredLabels == null ? new HashMap<>() : new HashMap<>(declaredLabels);
        labels.put(NAME_LABEL, name);
        Map<String, String> kept = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        kept.remove(LAST_APPLIED);
        return new NamespaceMetadata(name, labels, kept);
    }

    /** The value a {@code namespaceFieldRef} reads: the name, a label or an annotation; null when it has none. */
    public String value(NamespaceFieldPath path) {
        return switch (path.source()) {
            case NAME -> name;
            case LABEL -> labels.get(path.key());
            case ANNOTATION -> annotations.get(path.key());
        };
    }

    /** A namespace no source knows: no labels, no annotations. */
    public static NamespaceMetadata unknown(String name) {
        return new NamespaceMetadata(name, Map.of(), Map.of());
    }
}
