package dev.podpreset.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.drift.PresetStatuses;
import dev.podpreset.drift.RestartPause;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.Rollout;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetKey;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the next restart waits for, across the cluster: the restart interval since the last restart, and the
 * rollout of the workload restarted last, until that workload reports it complete and available ({@link Rollout}).
 * A rollout that fails (the Deployment's progress deadline, or not available within the rollout timeout) is over,
 * not in progress: it pauses the restarts of the presets it was for, at their generations ({@link RestartPause}),
 * and holds the others up no longer. A new leader first recovers all this from the cluster: the workloads restarted
 * lately (their pods carry {@code podpreset.dev/restartedAt}; the workloads {@code restarted-for-*}), and each
 * preset's pause from its status. Not thread-safe: the {@link WorkloadRestarter} calls it under its lock.
 */
final class RolloutGate {
    private static final Logger LOG = Logger.getLogger(RolloutGate.class);
    /** How often a rollout in progress is looked at, at most. */
    private static final Duration MAX_POLL = Duration.ofSeconds(5);

    /** The restart whose rollout the next one waits for, and the preset generations it was for. */
    private record InFlight(WorkloadRef workload, Map<PresetKey, String> generations) {
    }

    private final Duration interval;
    private final Duration rolloutTimeout;
    private final Duration poll;
    private final Function<WorkloadRef, ObjectNode> fetch;
    private final Supplier<Set<WorkloadRef>> recentlyRestarted;
    private final Consumer<PresetKey> paused;
    private Instant lastRestart = Instant.EPOCH;
    private InFlight inFlight;
    /** When the in-flight rollout was last seen still in progress: presets waiting on it share one look per poll. */
    private Instant inFlightSeen = Instant.EPOCH;
    private final Map<PresetKey, RestartPause> pauses = new HashMap<>();
    private boolean recovered;

    /**
     * @param interval          at most one restart per interval
     * @param fetch             reads a workload as JSON with its kind; null when it cannot be read
     * @param recentlyRestarted the workloads whose pods carry a {@code restartedAt} younger than the rollout timeout
     * @param paused            told of a preset whose restarts the gate paused, so its status is written
     */
    RolloutGate(Duration interval, Duration rolloutTimeout, Function<WorkloadRef, ObjectNode> fetch,
                Supplier<Set<WorkloadRef>> recentlyRestarted, Consumer<PresetKey> paused) {
        this.interval = interval;
        this.rolloutTimeout = rolloutTimeout;
        this.poll = interval.compareTo(MAX_POLL) < 0 ? interval : MAX_POLL;
        this.fetch = fetch;
        this.recentlyRestarted = recentlyRestarted;
        this.paused = paused;
    }

    /** How long a preset waiting on a rollout waits before it looks again. */
    Duration poll() {
        return poll;
    }

    /** This replica starts leading: what it knows of rollouts and pauses is read afresh from the cluster. */
    void newTerm() {
        recovered = false;
        inFlight = null;
        inFlightSeen = Instant.EPOCH;
        pauses.clear();
    }

    /**
     * The pause in force for this version of the preset, if any: one this gate set, or (for a new leader) the one its
     * status records. A pause of an older generation is over.
     */
    Optional<RestartPause> pause(PresetKey key, PreparedPreset preset, PresetStatus observed) {
        RestartPause known = pauses.get(key);
        if (known != null && known.holdsAt(preset.generation())) {
            return Optional.of(known);
        }
        pauses.remove(key);
        Optional<RestartPause> recorded = PresetStatuses.pause(observed, preset.generation());
        recorded.ifPresent(p -> pauses.put(key, p));
        return recorded;
    }

    /** Whether restarts for this version of the preset are paused. */
    boolean paused(PresetKey key, PreparedPreset preset) {
        RestartPause p = pauses.get(key);
        return p != null && p.holdsAt(preset.generation());
    }

    /**
     * How long the next restart must wait: for the rollout in progress, or for the interval since the last restart;
     * null when a restart may go now. A new leader recovers the restart records first.
     */
    Duration waitBefore(Tally tally, Instant now) {
        if (!recovered) {
            recover(tally, now);
            recovered = true;
        }
        if (inFlight != null && stillRollingOut(now)) {
            return poll;
        }
        Instant next = lastRestart.plus(interval);
        return now.isBefore(next) ? Duration.between(now, next) : null;
    }

    /** A restart went out: the next one waits for its rollout. */
    void restarted(WorkloadRef workload, Map<PresetKey, String> generations, Instant now) {
        lastRestart = now;
        inFlight = new InFlight(workload, generations);
    }

    /**
     * A workload already restarted for this generation of a preset, seen by a new leader: whether its rollout is
     * still in progress (then the next restart waits for it). One that failed pauses the presets it was for.
     */
    boolean waitsFor(WorkloadRef ref, ObjectNode workload, Tally tally, Instant now) {
        Rollout rollout = Rollout.of(workload, now, rolloutTimeout);
        if (rollout == Rollout.PROGRESSING) {
            inFlight = new InFlight(ref, recordedFor(workload, tally));
            return true;
        }
        if (rollout.failed()) {
            recordedFor(workload, tally).forEach((key, generation) -> pause(key, ref, generation, rollout));
        }
        return false;
    }

    /** Whether the last restart's rollout still runs; one that completed or failed releases the gate. */
    private boolean stillRollingOut(Instant now) {
        if (now.isBefore(inFlightSeen.plus(poll))) {
            return true;
        }
        WorkloadRef ref = inFlight.workload();
        ObjectNode last = fetch.apply(ref);
        Rollout rollout = last == null ? Rollout.COMPLETE : Rollout.of(last, now, rolloutTimeout);
        if (rollout == Rollout.PROGRESSING) {
            LOG.debugf("Waiting for %s to finish rolling out before the next restart", ref);
            inFlightSeen = now;
            return true;
        }
        if (rollout.failed()) {
            inFlight.generations().forEach((key, generation) -> pause(key, ref, generation, rollout));
        }
        inFlight = null;
        return false;
    }

    private void pause(PresetKey key, WorkloadRef workload, String generation, Rollout rollout) {
        RestartPause pause = RestartPause.of(workload, generation, rollout, rolloutTimeout);
        if (!pause.equals(pauses.put(key, pause))) {
            LOG.warnf("Restarts for %s paused: %s", key.displayName(), pause.message());
            paused.accept(key);
        }
    }

    /**
     * What a new leader learns from the workloads restarted lately: the latest restart (for the interval), a rollout
     * still in progress (to wait for), and failed ones (whose presets it pauses).
     */
    private void recover(Tally tally, Instant now) {
        Instant latestInFlight = Instant.EPOCH;
        for (WorkloadRef ref : recentlyRestarted.get()) {
            ObjectNode workload = fetch.apply(ref);
            Optional<Instant> at = workload == null ? Optional.empty() : Rollout.restartedAt(workload);
            if (at.isEmpty()) {
                continue;
            }
            lastRestart = at.get().isAfter(lastRestart) ? at.get() : lastRestart;
            Rollout rollout = Rollout.of(workload, now, rolloutTimeout);
            if (rollout == Rollout.PROGRESSING && at.get().isAfter(latestInFlight)) {
                latestInFlight = at.get();
                inFlight = new InFlight(ref, recordedFor(workload, tally));
                LOG.infof("Leading: waiting for the rollout of %s, restarted at %s, before restarting anything", ref, at.get());
            } else if (rollout.failed()) {
                recordedFor(workload, tally).forEach((key, generation) -> pause(key, ref, generation, rollout));
            }
        }
    }

    /** The presets of the tally this workload records a restart for, at their current generations. */
    private static Map<PresetKey, String> recordedFor(ObjectNode workload, Tally tally) {
        Map<PresetKey, String> out = new LinkedHashMap<>();
        tally.presets().forEach((key, p) -> {
            if (RestartPlanner.restarts(p.restartWorkloads()) && RestartPlanner.restartedFor(workload, p)) {
                out.put(key, p.generation());
            }
        });
        return out;
    }
}
