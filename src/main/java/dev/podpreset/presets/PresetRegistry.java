package dev.podpreset.presets;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds the current {@link PresetSnapshot}. The active preset source publishes into it; admissions
 * read it. Readiness is false until the source has loaded everything once.
 */
@ApplicationScoped
public class PresetRegistry {
    private volatile PresetSnapshot current = PresetSnapshot.EMPTY;
    private volatile boolean synced;

    public PresetSnapshot current() {
        return current;
    }

    public void publish(PresetSnapshot snapshot) {
        current = snapshot;
        synced = true;
    }

    public boolean synced() {
        return synced;
    }
}
