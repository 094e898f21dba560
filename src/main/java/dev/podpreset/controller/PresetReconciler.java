package dev.podpreset.controller;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.drift.PresetStatuses;
import dev.podpreset.drift.RestartPause;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.sources.ObservedPreset;
import dev.podpreset.sources.PresetRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles one preset, as sample-controller's {@code syncHandler} does one key: reads the preset's version and its
 * drift from one {@link Tally}, writes the status it should have when it differs from the API server's (at most
 * once per status interval, within the write budget, with an Event on each transition), then hands a preset that
 * restarts workloads to the {@link WorkloadRestarter}. The caller holds the key, so no two workers reconcile one
 * preset at once.
 */
final class PresetReconciler {
    private static final Logger LOG = Logger.getLogger(PresetReconciler.class);

    private final PresetRegistry registry;
    private final StatusWriter statusWriter;
    private final WorkloadRestarter restarter;
    private final WriteBudget budget;
    private final ControllerEvents events;
    private final ControllerMetrics metrics;
    private final Clock clock;
    private final Duration statusInterval;
    private final boolean restartWorkloads;
    /** When each preset's status was last written: at most one write per status interval. */
    private final Map<PresetKey, Instant> lastWrite = new ConcurrentHashMap<>();

    PresetReconciler(PresetRegistry registry, StatusWriter statusWriter, WorkloadRestarter restarter, WriteBudget budget,
                     ControllerEvents events, ControllerMetrics metrics, Clock clock, Duration statusInterval,
                     boolean restartWorkloads) {
        this.registry = registry;
        this.statusWriter = statusWriter;
        this.restarter = restarter;
        this.budget = budget;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.statusInterval = statusInterval;
        this.restartWorkloads = restartWorkloads;
    }

    /**
     * @return when to reconcile the preset again (a status write held back by the interval, a rollout or the restart
     *         rate limit to wait for); null when nothing is left to do until something changes
     * @throws RuntimeException when a write failed: the caller retries with back-off
     */
    Duration reconcile(PresetKey key, Tally tally) throws InterruptedException {
        PreparedPreset preset = tally.presets().get(key);
        InvalidPreset invalid = tally.invalid().get(key);
        Optional<ObservedPreset> observed = registry.observed(key);
        if ((preset == null && invalid == null) || observed.isEmpty()) {
            lastWrite.remove(key); // deleted; a new preset of this name starts afresh
            return null;
        }
        if (preset != null && !preset.uid().isEmpty() && !preset.uid().equals(observed.get().uid())) {
            return null; // recreated since the tally: the next one brings it
        }
        PresetStatus previous = observed.get().status();
        Instant now = clock.instant();
        RestartPause pause = null;
        PresetStatus desired;
        if (preset != null) {
            boolean restarts = restartWorkloads && RestartPlanner.restarts(preset.restartWorkloads());
            pause = restarts ? restarter.pause(key, preset, previous).orElse(null) : null;
            desired = PresetStatuses.valid(generation(preset.generation()), tally.drift().get(key), restarts, pause,
                    previous, now);
        } else {
            desired = PresetStatuses.invalid(generation(invalid.generation()), invalid.violations(), previous, now);
        }
        Duration again = writeStatus(key, observed.get().uid(), previous, desired, now);
        if (preset != null && pause == null && restartWorkloads && RestartPlanner.restarts(preset.restartWorkloads())) {
            Duration restart = restarter.consider(key, preset, tally);
            if (restart != null && (again == null || restart.compareTo(again) < 0)) {
                again = restart;
            }
        }
        return again;
    }

    /** Writes {@code desired} unless the API server has it; null, or how long the status interval holds it back. */
    private Duration writeStatus(PresetKey key, String uid, PresetStatus previous, PresetStatus desired, Instant now)
            throws InterruptedException {
        if (desired.equals(previous)) {
            return null;
        }
        Instant last = lastWrite.get(key);
        if (last != null && now.isBefore(last.plus(statusInterval))) {
            return Duration.between(now, last.plus(statusInterval));
        }
        budget.acquire();
        lastWrite.put(key, now);
        if (!statusWriter.write(key, desired)) {
            return null; // gone meanwhile
        }
        metrics.statusWritten();
        for (PresetStatuses.Transition t : PresetStatuses.transitions(previous, desired)) {
            switch (t) {
                case BECAME_INVALID -> events.onPreset(key, uid, ControllerEvents.Reason.PresetInvalid,
                        "Invalid, not applied to pods: " + desired.condition(PresetCondition.READY).getMessage());
                case BECAME_VALID -> events.onPreset(key, uid, ControllerEvents.Reason.PresetValid,
                        "Valid again at generation " + desired.getObservedGeneration());
                case RESTARTS_PAUSED -> events.onPreset(key, uid, ControllerEvents.Reason.RestartsPaused,
                        desired.condition(PresetCondition.RESTARTS_PAUSED).getMessage());
                case RESTARTS_RESUMED -> events.onPreset(key, uid, ControllerEvents.Reason.RestartsResumed,
                        "Restarts resumed at generation " + desired.getObservedGeneration());
            }
        }
        LOG.debugf("Wrote the status of %s: %s", key.displayName(), desired);
        return null;
    }

    private static Long generation(String text) {
        return text == null || text.isEmpty() ? null : Long.valueOf(text);
    }
}
