package dev.podpreset.injection;

/** What the engine did with a pod. */
public enum Outcome {
    /** The pod changed: a preset was applied, or a skipped preset was recorded in an annotation. */
    INJECTED,
    /** Presets matched but the pod already had everything, or every matching preset was skipped. */
    UNCHANGED,
    /** The pod opted out with an exclude annotation. */
    EXCLUDED,
    /** A static pod's mirror; never injected. */
    MIRROR,
    /** No preset selects the pod. */
    NO_MATCH,
    /** A preset with onConflict: Reject conflicts with the pod. */
    REJECTED;
}
