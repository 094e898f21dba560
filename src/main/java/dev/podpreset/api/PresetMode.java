package dev.podpreset.api;

/** Whether a preset changes pods or only records what it would do. */
public enum PresetMode {
    /** Applied to the pods it selects (the default). */
    Enforce,
    /**
     * Never changes a pod: admission records, in one annotation per pod, whether it would apply or conflict if
     * every audit preset were enforced on top of the enforced ones. Never rejects a pod and adds no warning.
     */
    Audit
}
