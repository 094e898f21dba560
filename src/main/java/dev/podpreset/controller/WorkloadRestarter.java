package dev.podpreset.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.drift.PresetKey;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetSnapshot;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries out restarts the {@link RestartPlanner} allows, leader-only: at most one per restart interval across
 * the cluster, and none while the workload it restarted last is still rolling out. A restart is one JSON merge
 * patch (the API server's strategic merge is not needed for two annotations) that sets the pod template's
 * {@code podpreset.dev/restartedAt}, as {@code kubectl rollout restart} does with its own key, and records
 * {@code podpreset.dev/restarted-for-<kind>-<name>} for every preset it renews; the patch carries the
 * resourceVersion the decision was made on, so a workload changed meanwhile is left for the next round.
 */
final class WorkloadRestarter {
    private static final Logger LOG = Logger.getLogger(WorkloadRestarter.class);
    /** Workloads fetched per round, so that a long list of refusals cannot flood the API server. */
    static final int CHECKS_PER_ROUND = 20;

    /** A workload and the presets that want it restarted. */
    record Request(WorkloadRef workload, List<PreparedPreset> presets) {
    }

    private final KubernetesClient client;
    private final ControllerEvents events;
    private final Clock clock;
    private final Duration interval;
    private Instant lastRestart = Instant.EPOCH;
    private WorkloadRef rollingOut;
    private int cursor;
    /**
     * Workload, preset and generation triples already restarted for (by this replica, or as recorded on the
     * workload), so that they cost no API call in later rounds. Never forgotten: a generation only moves on.
     */
    private final Set<String> done = new HashSet<>();

    WorkloadRestarter(KubernetesClient client, ControllerEvents events, Clock clock, Duration interval) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Restarts at most one of {@code requests} if the rate limit allows.
     *
     * @return whether requests remain that a later round may act on (so the caller should come back)
     */
    boolean restartOne(List<Request> requests, PresetSnapshot snapshot) {
        List<Request> open = requests.stream().map(this::open).filter(r -> !r.presets().isEmpty()).toList();
        if (open.isEmpty()) {
            return false;
        }
        if (Instant.now(clock).isBefore(lastRestart.plus(interval)) || stillRollingOut()) {
            return true;
        }
        int checks = Math.min(CHECKS_PER_ROUND, open.size());
        for (int i = 0; i < checks; i++) {
            if (tryRestart(open.get(Math.floorMod(cursor++, open.size())), snapshot)) {
                break;
            }
        }
        return true;
    }

    /** The request without the presets this workload was already restarted for, at their current generation. */
    private Request open(Request request) {
        return new Request(request.workload(), request.presets().stream()
                .filter(p -> !done.contains(doneKey(request.workload(), p))).toList());
    }

    private static String doneKey(WorkloadRef workload, PreparedPreset preset) {
        return workload + "|" + preset.displayName() + "|" + preset.uid() + "|" + preset.generation();
    }

    private boolean stillRollingOut() {
        if (rollingOut == null) {
            return false;
        }
        GenericKubernetesResource last = fetch(rollingOut);
        if (last != null && RestartPlanner.rollingOut(json(last))) {
            LOG.debugf("Waiting for %s to finish rolling out before the next restart", rollingOut);
            return true;
        }
        rollingOut = null;
        return false;
    }

    private boolean tryRestart(Request request, PresetSnapshot snapshot) {
        WorkloadRef ref = request.workload();
        GenericKubernetesResource workload = fetch(ref);
        if (workload == null) {
            return false;
        }
        ObjectNode object = json(workload);
        Map<String, String> namespaceAnnotations = namespaceAnnotations(ref.namespace());
        List<PreparedPreset> renewed = new ArrayList<>();
        for (PreparedPreset preset : request.presets()) {
            RestartPlanner.Decision decision = RestartPlanner.decide(object, namespaceAnnotations, snapshot, preset);
            if (decision.restart()) {
                renewed.add(preset);
            } else if (decision.reason().startsWith(RestartPlanner.ALREADY_RESTARTED)) {
                done.add(doneKey(ref, preset));
            } else {
                LOG.debugf("Not restarting %s for %s: %s", ref, preset.displayName(), decision.reason());
            }
        }
        if (renewed.isEmpty()) {
            return false;
        }
        Instant now = Instant.now(clock);
        try {
            patch(ref, workload.getMetadata().getResourceVersion(), renewed, now);
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot restart %s: %s", ref, e.getMessage());
            return false;
        }
        lastRestart = now;
        rollingOut = ref;
        renewed.forEach(p -> done.add(doneKey(ref, p)));
        String why = renewed.stream().map(p -> p.displayName() + " generation " + p.generation())
                .collect(Collectors.joining(", "));
        LOG.infof("Restarted %s for %s", ref, why);
        events.onWorkload(ref, workload.getMetadata().getUid(), "Restarted by podpreset-controller so that its pods get " + why);
        for (PreparedPreset p : renewed) {
            events.onPreset(PresetKey.of(p), p.uid().isEmpty() ? null : p.uid(), "Normal", ControllerEvents.RESTARTED,
                    "Restarted " + ref + " for generation " + p.generation());
        }
        return true;
    }

    private void patch(WorkloadRef ref, String resourceVersion, List<PreparedPreset> renewed, Instant now) {
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
