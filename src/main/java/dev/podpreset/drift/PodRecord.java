package dev.podpreset.drift;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.InjectionEngine;

import java.util.Map;

/**
 * What the controller keeps of a running pod: just enough to tell how it stands with each preset and which
 * workload owns it. No spec, no status beyond the phase: the controller caches every pod of the cluster. From an
 * API server that lists pods metadata-only the phase is empty: its field selector already leaves out finished pods.
 *
 * @param annotations only ours ({@code podpreset.dev/...}) and the two the engine reads to leave a pod alone
 *                    (the legacy exclude key and the static-pod mirror key)
 * @param owner       the controlling owner reference, or null for a bare pod
 * @param created     creation time in epoch seconds
 * @param terminating whether {@code metadata.deletionTimestamp} is set
 */
public record PodRecord(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                        OwnerRef owner, String phase, long created, boolean terminating) {

    /** The controlling owner of a pod or ReplicaSet. */
    public record OwnerRef(String kind, String name) {
    }

    /** Whether an annotation of the pod is one this record keeps. */
    public static boolean keeps(String annotationKey) {
        return annotationKey.startsWith(AnnotationKeys.PREFIX) || annotationKey.equals(AnnotationKeys.LEGACY_EXCLUDE)
                || annotationKey.equals(AnnotationKeys.MIRROR);
    }

    /** Exists for drift: not terminating and not finished (Succeeded or Failed pods keep no preset alive). */
    public boolean running() {
        return !terminating && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Whether the engine leaves this pod alone whatever the presets say (the engine's own rule). */
    public boolean optedOut() {
        return InjectionEngine.optOut(annotations::get) != null;
    }

    public String key() {
        return namespace + "/" + name;
    }
}
