package dev.podpreset.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.drift.PresetStatuses;
import dev.podpreset.drift.RestartPause;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.RestartRefusal;
import dev.podpreset.drift.Rollout;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out the restarts the {@link RestartPlanner} allows, leader-only, one at a time across the cluster:
 * <ul>
 *   <li>at most one per restart interval;</li>
 *   <li>none while the workload restarted last is still rolling out: the next restart waits until it reports
 *       the rollout complete and every replica available ({@link Rollout});</li>
 *   <li>a rollout that fails (the Deployment's progress deadline, or not available within the rollout timeout)
 *       pauses the restarts of the presets it was for, at their generations ({@link RestartPause}), and no
 *       longer holds the others up;</li>
 *   <li>a new leader first reads the restart records of the workloads restarted lately (their pods carry
 *       {@code podpreset.dev/restartedAt}; the workloads {@code restarted-for-*}), waits for a rollout still in
 *       progress and pauses the presets of one that failed; and a preset's pause survives in its status.</li>
 * </ul>
 * A restart is one JSON merge patch (the API server's strategic merge is not needed for two annotations) that sets
 * the pod template's {@code podpreset.dev/restartedAt}, as {@code kubectl rollout restart} does with its own key,
 * and records {@code podpreset.dev/restarted-for-<kind>-<name>} for every preset it renews; the patch carries the
 * resourceVersion the decision was made on, so a workload changed meanwhile is left for the next round.
 */
final class WorkloadRestarter {
    private static final Logger LOG = Logger.getLogger(WorkloadRestarter.class);
    /** Workloads fetched per call, so that a long list of refusals cannot flood the API server. */
    static final int CHECKS_PER_ROUND = 20;
    /** How often a rollout in progress is looked at, at most. */
    private static final Duration MAX_POLL = Duration.ofSeconds(5);

    /** The restart whose rollout the next one waits for, and the preset generations it was for. */
    private record InFlight(WorkloadRef workload, Map<PresetKey, String> generations) {
    }

    private final KubernetesClient client;
    private final ControllerEvents events;
    private final ControllerMetrics metrics;
    private final WriteBudget budget;
    private final Clock clock;
    private final Duration interval;
    private final Duration rolloutTimeout;
    private final Duration poll;
    private final Supplier<Set<WorkloadRef>> recentlyRestarted;
    private final Consumer<PresetKey> statusChanged;
    private Instant lastRestart = Instant.EPOCH;
    private InFlight inFlight;
    /** When the in-flight rollout was last seen still in progress: keys waiting on it share one look per poll. */
    private Instant inFlightSeen = Instant.EPOCH;
    private final Map<PresetKey, RestartPause> pauses = new HashMap<>();
    /**
     * Workload, preset and generation triples already restarted for (by this replica, or as recorded on the
     * workload), so that they cost no API call in later rounds. Never forgotten: a generation only moves on.
     */
    private final Set<String> done = new HashSet<>();
    private boolean recovered;
    private int cursor;

    /**
     * @param recentlyRestarted the workloads whose pods carry a {@code restartedAt} younger than the rollout timeout
     * @param statusChanged     told of a preset whose restarts this restarter paused, so its status is written
     */
    WorkloadRestarter(KubernetesClient client, ControllerEvents events, ControllerMetrics metrics, WriteBudget budget,
                      Clock clock, Duration interval, Duration rolloutTimeout, Supplier<Set<WorkloadRef>> recentlyRestarted,
                      Consumer<PresetKey> statusChanged) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
        this.budget = budget;
        this.clock = clock;
        this.interval = interval;
        this.rolloutTimeout = rolloutTimeout;
        this.poll = interval.compareTo(MAX_POLL) < 0 ? interval : MAX_POLL;
        this.recentlyRestarted = recentlyRestarted;
        this.statusChanged = statusChanged;
    }

    /** This replica starts leading: what it knows of rollouts and pauses is read afresh from the cluster. */
    synchronized void newTerm() {
        recovered = false;
        inFlight = null;
        inFlightSeen = Instant.EPOCH;
        pauses.clear();
    }

    /**
     * The pause in force for this version of the preset, if any: one this restarter set, or (for a new leader) the
     * one its status records. A pause of an older generation is over.
     */
    synchronized Optional<RestartPause> pause(PresetKey key, PreparedPreset preset, PresetStatus observed) {
        RestartPause known = pauses.get(key);
        if (known != null && known.holdsAt(preset.generation())) {
            return Optional.of(known);
        }
        pauses.remove(key);
        Optional<RestartPause> recorded = PresetStatuses.pause(observed, preset.generation());
        recorded.ifPresent(p -> pauses.put(key, p));
        return recorded;
    }

    /**
     * Restarts at most one workload the preset wants restarted, if the gate is open.
     *
     * @return when to look at the preset again (a rollout to wait for, the rate limit); null when nothing is left
     *         to wait for
     */
    synchronized Duration consider(PresetKey key, PreparedPreset preset, Tally tally) throws InterruptedException {
        List<WorkloadRef> open = tally.candidates(key).stream().filter(w -> !done.contains(doneKey(w, preset))).toList();
        if (open.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        if (!recovered) {
            recover(tally, now);
            recovered = true;
        }
        if (inFlight != null && stillRollingOut(now)) {
            return poll;
        }
        if (pauses.containsKey(key) && pauses.get(key).holdsAt(preset.generation())) {
            return null;
        }
        Instant next = lastRestart.plus(interval);
        if (now.isBefore(next)) {
            return Duration.between(now, next);
        }
        int checks = Math.min(CHECKS_PER_ROUND, open.size());
        for (int i = 0; i < checks; i++) {
            if (tryRestart(open.get(Math.floorMod(cursor++, open.size())), key, preset, tally, now)) {
                return poll;
            }
        }
        return null;
    }

    /**
     * Whether the last restart's rollout still runs. One that completed releases the gate; one that failed
     * releases it too, and pauses its presets.
     */
    private boolean stillRollingOut(Instant now) {
        if (now.isBefore(inFlightSeen.plus(poll))) {
            return true;
        }
        WorkloadRef ref = inFlight.workload();
        GenericKubernetesResource last = fetch(ref);
        Rollout rollout = last == null ? Rollout.COMPLETE : Rollout.of(json(last), now, rolloutTimeout);
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
            statusChanged.accept(key);
        }
    }

    /**
     * What a new leader learns from the workloads restarted lately: the latest restart (for the rate limit), a
     * rollout still in progress (to wait for), and failed ones (whose presets it pauses).
     */
    private void recover(Tally tally, Instant now) {
        Instant latestInFlight = Instant.EPOCH;
        for (WorkloadRef ref : recentlyRestarted.get()) {
            GenericKubernetesResource w = fetch(ref);
            if (w == null) {
                continue;
            }
            ObjectNode json = json(w);
            Optional<Instant> at = Rollout.restartedAt(json);
            if (at.isEmpty()) {
                continue;
            }
            lastRestart = at.get().isAfter(lastRestart) ? at.get() : lastRestart;
            Rollout rollout = Rollout.of(json, now, rolloutTimeout);
            Map<PresetKey, String> recorded = recordedFor(json, tally);
            if (rollout == Rollout.PROGRESSING && at.get().isAfter(latestInFlight)) {
                latestInFlight = at.get();
                inFlight = new InFlight(ref, recorded);
                LOG.infof("Leading: waiting for the rollout of %s, restarted at %s, before restarting anything", ref, at.get());
            } else if (rollout.failed()) {
                recorded.forEach((key, generation) -> pause(key, ref, generation, rollout));
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

    /** Restarts {@code ref} for the preset, and for every other preset that wants it restarted; whether it did. */
    private boolean tryRestart(WorkloadRef ref, PresetKey key, PreparedPreset preset, Tally tally, Instant now)
            throws InterruptedException {
        GenericKubernetesResource workload = fetch(ref);
        if (workload == null) {
            return false;
        }
        ObjectNode object = json(workload);
        Map<String, String> namespaceAnnotations = namespaceAnnotations(ref.namespace());
        RestartPlanner.Decision decision = RestartPlanner.decide(object, namespaceAnnotations, tally.snapshot(), preset);
        if (decision.refusal() == RestartRefusal.ALREADY_RESTARTED) {
            done.add(doneKey(ref, preset));
            Rollout rollout = Rollout.of(object, now, rolloutTimeout);
            if (rollout == Rollout.PROGRESSING) {
                // Restarted for this generation by an earlier leader, and still rolling out: wait for it.
                inFlight = new InFlight(ref, recordedFor(object, tally));
                return true;
            }
            if (rollout.failed()) {
                recordedFor(object, tally).forEach((k, generation) -> pause(k, ref, generation, rollout));
            }
            return false;
        }
        if (!decision.restart()) {
            LOG.debugf("Not restarting %s for %s: %s", ref, preset.displayName(), decision);
            return false;
        }
        Map<PresetKey, PreparedPreset> renewed = new LinkedHashMap<>();
        renewed.put(key, preset);
        tally.presets().forEach((k, p) -> {
            if (!k.equals(key) && RestartPlanner.restarts(p.restartWorkloads()) && tally.candidates(k).contains(ref)
                    && !done.contains(doneKey(ref, p)) && !(pauses.containsKey(k) && pauses.get(k).holdsAt(p.generation()))
                    && RestartPlanner.decide(object, namespaceAnnotations, tally.snapshot(), p).restart()) {
                renewed.put(k, p);
            }
        });
        budget.acquire();
        try {
            patch(ref, workload.getMetadata().getResourceVersion(), renewed.values(), now);
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot restart %s: %s", ref, e.getMessage());
            return false;
        }
        metrics.restarted();
        lastRestart = now;
        Map<PresetKey, String> generations = new LinkedHashMap<>();
        renewed.forEach((k, p) -> {
            generations.put(k, p.generation());
            done.add(doneKey(ref, p));
        });
        inFlight = new InFlight(ref, generations);
        String why = renewed.values().stream().map(p -> p.displayName() + " generation " + p.generation())
                .collect(Collectors.joining(", "));
        LOG.infof("Restarted %s for %s", ref, why);
        events.onWorkload(ref, workload.getMetadata().getUid(), ControllerEvents.Reason.RestartedForPreset,
                "Restarted by podpreset-controller so that its pods get " + why);
        renewed.forEach((k, p) -> events.onPreset(k, p.uid().isEmpty() ? null : p.uid(),
                ControllerEvents.Reason.RestartedForPreset, "Restarted " + ref + " for generation " + p.generation()));
        return true;
    }

    private static String doneKey(WorkloadRef workload, PreparedPreset preset) {
        return workload + "|" + preset.displayName() + "|" + preset.uid() + "|" + preset.generation();
    }

    private void patch(WorkloadRef ref, String resourceVersion, Iterable<PreparedPreset> renewed, Instant now) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.put("resourceVersion", resourceVersion);
        ObjectNode annotations = metadata.putObject("annotations");
        renewed.forEach(p -> annotations.put(AnnotationKeys.restartedFor(p.kind(), p.name()), p.generation()));
        patch.putObject("spec").putObject("template").putObject("metadata").putObject("annotations")
                .put(AnnotationKeys.RESTARTED_AT, AnnotationValues.restartedAt(now));
        resource(ref).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    private GenericKubernetesResource fetch(WorkloadRef ref) {
        try {
            return resource(ref).get();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot read %s: %s", ref, e.getMessage());
            return null;
        }
    }

    private Resource<GenericKubernetesResource> resource(WorkloadRef ref) {
        return client.genericKubernetesResources("apps/v1", ref.kind()).inNamespace(ref.namespace()).withName(ref.name());
    }

    private Map<String, String> namespaceAnnotations(String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        return ns == null || ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
    }

    private ObjectNode json(GenericKubernetesResource r) {
        ObjectNode node = client.getKubernetesSerialization().convertValue(r, ObjectNode.class);
        node.put("kind", r.getKind() == null ? "" : r.getKind());
        return node;
    }
}
