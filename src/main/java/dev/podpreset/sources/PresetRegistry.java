package dev.podpreset.sources;

import dev.podpreset.presets.PresetSnapshot;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds the current {@link PresetSnapshot}. The active preset source publishes into it; admissions
 * read it. Readiness is false until the source calls {@link #markSynced()} once it has loaded
 * everything (the Kubernetes source: once every informer has listed; the directory source: after the
 * first load). Publishing alone does not make the injector ready.
 */
@ApplicationScoped
public class PresetRegistry {
    private volatile PresetSnapshot current = PresetSnapshot.EMPTY;
    private volatile boolean synced;

    public PresetSnapshot current() {
        return current;
    }

    /** Replaces the current snapshot; does not change readiness. */
    public void publish(PresetSnapshot snapshot) {
        current = snapshot;
    }

    /** The source has loaded everything once; from now on the injector is ready. */
    public void markSynced() {
        synced = true;
    }

    public boolean synced() {
        return synced;
    }
}
