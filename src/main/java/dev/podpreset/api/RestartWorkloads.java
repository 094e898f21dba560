package dev.podpreset.api;

/** Whether the controller restarts the workloads whose running pods do not carry the preset's current generation. */
public enum RestartWorkloads {
    /** Report only (the default). */
    Never,
    /** Restart Deployments, StatefulSets and DaemonSets whose pods were admitted with an older generation. */
    Stale,
    /** Also restart those whose pods never received the preset (webhook down, preset or opt-in too late). */
    StaleOrMissing
}
