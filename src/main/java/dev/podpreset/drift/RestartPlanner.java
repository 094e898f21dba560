package dev.podpreset.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.RestartWorkloads;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.TemplatePod;
import dev.podpreset.presets.PresetSnapshot;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Which workloads to restart for a preset, and whether a given workload may be restarted now. Every safety rule
 * of the restart policy is here; the executor only fetches, patches and waits.
 *
 * <ul>
 *   <li>Only Deployments (reached from a pod through its ReplicaSet), StatefulSets and DaemonSets: a bare pod,
 *       a Job or a CronJob's Job is never restarted.</li>
 *   <li>Never in a namespace annotated {@code podpreset.dev/restart: disabled}, never a paused Deployment.</li>
 *   <li>At most once per workload and preset generation ({@code podpreset.dev/restarted-for-...} on the
 *       workload), so a webhook that is still down, and new pods that still miss the preset, cause no loop.</li>
 *   <li>Only when the engine, run on the workload's pod template with the namespace's labels, applies the
 *       preset at its current generation without a conflict.</li>
 * </ul>
 */
public final class RestartPlanner {
    /** How a refusal for a workload already restarted for this generation begins. */
    public static final String ALREADY_RESTARTED = "already restarted for generation ";
    public static final Set<String> RESTARTABLE = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final Comparator<WorkloadRef> ORDER = Comparator.comparing(WorkloadRef::namespace)
            .thenComparing(WorkloadRef::kind).thenComparing(WorkloadRef::name);

    private RestartPlanner() {
    }

    /** Whether this policy restarts anything, and what for. */
    public static boolean restarts(RestartWorkloads policy) {
        return policy == RestartWorkloads.Stale || policy == RestartWorkloads.StaleOrMissing;
    }

    /**
     * The restartable workloads that own the preset's stale pods (and missing ones, for {@code StaleOrMissing}),
     * sorted by namespace, kind and name.
     *
     * @param replicaSetOwner the controlling owner of a ReplicaSet, or null when it has none or is unknown
     */
    public static Set<WorkloadRef> candidates(RestartWorkloads policy, PresetDrift drift,
                                              Function<WorkloadRef, WorkloadRef> replicaSetOwner) {
        Set<WorkloadRef> out = new TreeSet<>(ORDER);
        if (!restarts(policy)) {
            return out;
        }
        drift.staleOwners().forEach(owner -> addWorkload(owner, replicaSetOwner, out));
        if (policy == RestartWorkloads.StaleOrMissing) {
            drift.missingOwners().forEach(owner -> addWorkload(owner, replicaSetOwner, out));
        }
        return out;
    }

    private static void addWorkload(WorkloadRef owner, Function<WorkloadRef, WorkloadRef> replicaSetOwner,
                                    Set<WorkloadRef> out) {
        WorkloadRef workload = "ReplicaSet".equals(owner.kind()) ? replicaSetOwner.apply(owner) : owner;
        if (workload != null && RESTARTABLE.contains(workload.kind())) {
            out.add(workload);
        }
    }

    /** A verdict on one workload for one preset: restart, or why not. */
    public record Decision(boolean restart, String reason) {
        static Decision no(String reason) {
            return new Decision(false, reason);
        }
    }

    /**
     * Whether {@code workload} (the object as JSON) may be restarted now for {@code preset}.
     *
     * @param namespaceAnnotations annotations of the workload's namespace
     */
    public static Decision decide(ObjectNode workload, Map<String, String> namespaceAnnotations, PresetSnapshot snapshot,
                                  PreparedPreset preset) {
        if ("disabled".equals(namespaceAnnotations.get(AnnotationKeys.RESTART))) {
            return Decision.no("restarts are disabled in namespace (" + AnnotationKeys.RESTART + ": disabled)");
        }
        String kind = workload.path("kind").asText();
        if (!RESTARTABLE.contains(kind)) {
            return Decision.no(kind + " is never restarted");
        }
        JsonNode metadata = workload.path("metadata");
        String recorded = metadata.path("annotations").path(AnnotationKeys.restartedFor(preset.kind(), preset.name())).asText(null);
        if (preset.generation().equals(recorded)) {
            return Decision.no(ALREADY_RESTARTED + recorded);
        }
        if (workload.path("spec").path("paused").asBoolean(false)) {
            return Decision.no("the Deployment is paused");
        }
        JsonNode template = workload.path("spec").path("template");
        if (!template.isObject()) {
            return Decision.no("it has no pod template");
        }
        String namespace = metadata.path("namespace").asText();
        InjectionResult result = snapshot.inject(TemplatePod.of((ObjectNode) template, namespace).pod(), namespace,
                IgnoredContainers.DEFAULT);
        if (result.outcome() == Outcome.REJECTED) {
            return Decision.no("its pods would be rejected: " + result.rejection());
        }
        if (result.applied().stream().noneMatch(p -> p == preset)) {
            boolean selected = result.matched().stream().anyMatch(p -> p == preset);
            return Decision.no(selected ? "the preset would conflict with its pod template"
                    : "the preset does not select its pod template");
        }
        return new Decision(true, "");
    }

    /** Whether a workload is still rolling out its last change (from its status, as kubectl rollout status reads it). */
    public static boolean rollingOut(ObjectNode workload) {
        JsonNode spec = workload.path("spec");
        JsonNode status = workload.path("status");
        long generation = workload.path("metadata").path("generation").asLong(0);
        if (status.path("observedGeneration").asLong(0) < generation) {
            return true;
        }
        return switch (workload.path("kind").asText()) {
            case "Deployment", "StatefulSet" -> {
                long replicas = spec.path("replicas").asLong(1);
                yield status.path("updatedReplicas").asLong(0) < replicas
                        || status.path("replicas").asLong(0) > status.path("updatedReplicas").asLong(0)
                        || status.path("availableReplicas").asLong(status.path("readyReplicas").asLong(0)) < replicas;
            }
            case "DaemonSet" -> {
                long desired = status.path("desiredNumberScheduled").asLong(0);
                yield status.path("updatedNumberScheduled").asLong(0) < desired
                        || status.path("numberAvailable").asLong(0) < desired;
            }
            default -> false;
        };
    }
}
