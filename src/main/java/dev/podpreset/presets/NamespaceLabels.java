package dev.podpreset.presets;

import java.util.HashMap;
import java.util.Map;

/** A namespace's labels as namespaceSelectors see them, whichever source the namespace came from. */
public final class NamespaceLabels {
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private NamespaceLabels() {
    }

    /** The declared labels plus {@code kubernetes.io/metadata.name}, which the API server sets on every namespace. */
    public static Map<String, String> of(String name, Map<String, String> declared) {
        Map<String, String> labels = declared == null ? new HashMap<>() : new HashMap<>(declared);
        labels.put(NAME_LABEL, name);
        return Map.copyOf(labels);
    }
}
