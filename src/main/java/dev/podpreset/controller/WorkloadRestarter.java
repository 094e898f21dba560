package dev.podpreset.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.drift.RestartPause;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.RestartRefusal;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.IgnoredContainers;
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
 * Carries out the restarts the {@link RestartPlanner} allows, leader-only, one at a time across the cluster, when the
 * {@link RolloutGate} lets the next one go. A restart is one JSON merge patch (the API server's strategic merge is
 * not needed for two annotations) that sets the pod template's {@code podpreset.dev/restartedAt}, as
 * {@code kubectl rollout restart} does with its own key, and records {@code podpreset.dev/restarted-for-<kind>-<name>}
 * for every preset it renews; the patch carries the resourceVersion the decision was made on, so a workload changed
 * meanwhile is left for the next round.
 */
final class WorkloadRestarter {
    private static final Logger LOG = Logger.getLogger(WorkloadRestarter.class);
    /** Workloads fetched per call, so that a long list of refusals cannot flood the API server. */
    static final int CHECKS_PER_ROUND = 20;

    private final KubernetesClient client;
    private final ControllerEvents events;
    private final ControllerMetrics metrics;
    private final WriteBudget budget;
    private final Clock clock;
    private final RolloutGate gate;
    private final IgnoredContainers ignored;
    /**
     * Workload, preset and generation triples already restarted for (by this replica, or as recorded on the
     * workload), so that they cost no API call in later rounds. Never forgotten: a generation only moves on.
     */
    private final Set<String> done = new HashSet<>();
    private int cursor;

    /**
     * @param recentlyRestarted the workloads whose pods carry a {@code restartedAt} younger than the rollout timeout
     * @param paused            told of a preset whose restarts were paused, so its status is written
     * @param ignored           the webhook's ignored containers, for the engine run on pod templates
     */
    WorkloadRestarter(KubernetesClient client, ControllerEvents events, ControllerMetrics metrics, WriteBudget budget,
                      Clock clock, Duration interval, Duration rolloutTimeout, Supplier<Set<WorkloadRef>> recentlyRestarted,
                      Consumer<PresetKey> paused, IgnoredContainers ignored) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
        this.budget = budget;
        this.clock = clock;
        this.gate = new RolloutGate(interval, rolloutTimeout, this::fetchJson, recentlyRestarted, paused);
        this.ignored = ignored;
    }

    /** This replica starts leading: what it knows of rollouts and pauses is read afresh from the cluster. */
    synchronized void newTerm() {
        gate.newTerm();
    }

    /** The pause in force for this version of the preset, if any ({@link RolloutGate#pause}). */
    synchronized Optional<RestartPause> pause(PresetKey key, PreparedPreset preset, PresetStatus observed) {
        return gate.pause(key, preset, observed);
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
        Duration wait = gate.waitBefore(tally, now);
        if (wait != null || gate.paused(key, preset)) {
            return wait;
        }
        int checks = Math.min(CHECKS_PER_ROUND, open.size());
        for (int i = 0; i < checks; i++) {
            if (tryRestart(open.get(Math.floorMod(cursor++, open.size())), key, preset, tally, now)) {
                return gate.poll();
            }
        }
        return null;
    }

    /**
     * Restarts {@code ref} for the preset, and for every other preset that wants it restarted; whether it did, or
     * found it restarted already and still rolling out (both leave the next restart to wait).
     */
    private boolean tryRestart(WorkloadRef ref, PresetKey key, PreparedPreset preset, Tally tally, Instant now)
            throws InterruptedException {
        GenericKubernetesResource workload = fetch(ref);
        if (workload == null) {
            return false;
        }
        ObjectNode object = json(workload);
        Map<String, String> namespaceAnnotations = namespaceAnnotations(ref.namespace());
        RestartPlanner.Decision decision = RestartPlanner.decide(object, namespaceAnnotations, tally.snapshot(), preset, ignored);
        if (decision.refusal() == RestartRefusal.ALREADY_RESTARTED) {
            done.add(doneKey(ref, preset));
            // Restarted for this generation by an earlier leader: wait for it if it is still rolling out.
            return gate.waitsFor(ref, object, tally, now);
        }
        if (!decision.restart()) {
            LOG.debugf("Not restarting %s for %s: %s", ref, preset.displayName(), decision);
            return false;
        }
        Map<PresetKey, PreparedPreset> renewed = new LinkedHashMap<>();
        renewed.put(key, preset);
        tally.presets().forEach((k, p) -> {
            if (!k.equals(key) && RestartPlanner.restarts(p.restartWorkloads()) && tally.candidates(k).contains(ref)
                    && !done.contains(doneKey(ref, p)) && !gate.paused(k, p)
                    && RestartPlanner.decide(object, namespaceAnnotations, tally.snapshot(), p, ignored).restart()) {
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
        Map<PresetKey, String> generations = new LinkedHashMap<>();
        renewed.forEach((k, p) -> {
            generations.put(k, p.generation());
            done.add(doneKey(ref, p));
        });
        gate.restarted(ref, generations, now);
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

    private ObjectNode fetchJson(WorkloadRef ref) {
        GenericKubernetesResource workload = fetch(ref);
        return workload == null ? null : json(workload);
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
