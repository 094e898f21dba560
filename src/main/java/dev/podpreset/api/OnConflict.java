package dev.podpreset.api;

/** What happens to a pod when a matching preset conflicts with it. */
public enum OnConflict {
    /** Skip the whole preset, apply the others and warn (upstream PodPreset behaviour). */
    Skip,
    /** Refuse the pod with a message naming the preset and the conflicting key. */
    Reject
}
