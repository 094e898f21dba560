package dev.podpreset.sources;

import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one preset source of the webhook and the controller. Holds the current {@link PresetSnapshot}: the active
 * source publishes into it, admissions and the controller read it. Readiness is false until the source calls
 * {@link #markSynced()} once it has loaded everything (the Kubernetes source: once every collection has been listed; the
 * directory source: after the first load). Publishing alone does not make the injector ready.
 *
 * <p>The Kubernetes source also answers what the API server has of each preset besides its spec
 * ({@link #observed}): the controller compares the status it would write with it.
 */
@ApplicationScoped
public class PresetRegistry {
    private volatile PresetSnapshot current = PresetSnapshot.EMPTY;
    private volatile boolean synced;
    private volatile Function<PresetKey, Optional<ObservedPreset>> observations = key -> Optional.empty();
    private final List<Consumer<PresetSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public PresetSnapshot current() {
        return current;
    }

    /** Replaces the current snapshot and tells the listeners; does not change readiness. */
    public void publish(PresetSnapshot snapshot) {
        current = snapshot;
        listeners.forEach(l -> l.accept(snapshot));
    }

    /**
     * Calls {@code listener} with every snapshot published from now on, on the publishing thread: it must only
     * hand the snapshot on. Running the returned action stops it.
     */
    public Runnable onPublish(Consumer<PresetSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * The source has loaded everything once; from now on the injector is ready. Loading left what it read (files,
     * pages of a list, their trees) in the old generation, which a steady load of reviews never collects: one full
     * collection first, before any review waits for it, gives those pages back for the rest of the replica's life.
     */
    public void markSynced() {
        if (!synced) {
            System.gc();
        }
        synced = true;
    }

    public boolean synced() {
        return synced;
    }

    /** Installed by a source that watches the API server: where {@link #observed} looks. */
    void observeWith(Function<PresetKey, Optional<ObservedPreset>> lookup) {
        observations = lookup;
    }

    /** The preset object as the API server has it now; empty when it does not exist or the source is not the cluster. */
    public Optional<ObservedPreset> observed(PresetKey key) {
        return observations.apply(key);
    }
}
