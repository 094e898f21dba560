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
 *   <li>Only when the engine, run on the workload's pod template as admission would run it (the namespace's
 *       labels and annotations from the snapshot, the configured ignored containers), applies the preset at its
 *       current generation without a conflict.</li>
 * </ul>
 */
public final class RestartPlanner {
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

    /**
     * A verdict on one workload for one preset: restart ({@code refusal} null), or why not.
     *
     * @param detail what the refusal's note leaves out (the rejection of the pods); empty otherwise
     */
    public record Decision(RestartRefusal refusal, String detail) {
        static final Decision RESTART = new Decision(null, "");

        static Decision no(RestartRefusal refusal) {
            return new Decision(refusal, "");
        }

        public boolean restart() {
            return refusal == null;
        }

        /** "restart", or the refusal's note and detail: for logs. */
        @Override
        public String toString() {
            return refusal == null ? "restart" : refusal.note() + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * Whether {@code workload} (the object as JSON) may be restarted now for {@code preset}.
     *
     * @param namespaceAnnotations annotations of the workload's namespace
     * @param ignored              the containers the webhook is configured to leave alone unless targeted
     */
    public static Decision decide(ObjectNode workload, Map<String, String> namespaceAnnotations, PresetSnapshot snapshot,
                                  PreparedPreset preset, IgnoredContainers ignored) {
        if ("disabled".equals(namespaceAnnotations.get(AnnotationKeys.RESTART))) {
            return Decision.no(RestartRefusal.RESTARTS_DISABLED_IN_NAMESPACE);
        }
        if (!RESTARTABLE.contains(workload.path("kind").asText())) {
            return Decision.no(RestartRefusal.NOT_RESTARTABLE);
        }
        if (restartedFor(workload, preset)) {
            return Decision.no(RestartRefusal.ALREADY_RESTARTED);
        }
        if (workload.path("spec").path("paused").asBoolean(false)) {
            return Decision.no(RestartRefusal.PAUSED_DEPLOYMENT);
        }
        JsonNode template = workload.path("spec").path("template");
        if (!template.isObject()) {
            return Decision.no(RestartRefusal.NO_POD_TEMPLATE);
        }
        String namespace = workload.path("metadata").path("namespace").asText();
        InjectionResult result = snapshot.inject(TemplatePod.of((ObjectNode) template, namespace).pod(), namespace, ignored);
        if (result.outcome() == Outcome.REJECTED) {
            return new Decision(RestartRefusal.PODS_WOULD_BE_REJECTED, result.rejection());
        }
        if (result.applied().stream().noneMatch(p -> p == preset)) {
            boolean selected = result.matched().stream().anyMatch(p -> p == preset);
            return Decision.no(selected ? RestartRefusal.WOULD_CONFLICT : RestartRefusal.NOT_SELECTED);
        }
        return Decision.RESTART;
    }

    /**
     * Whether the workload records a restart for this version of the preset
     * ({@code podpreset.dev/restarted-for-<kind>-<name>} at its generation).
     */
    public static boolean restartedFor(ObjectNode workload, PreparedPreset preset) {
        JsonNode recorded = workload.path("metadata").path("annotations").path(AnnotationKeys.restartedFor(preset.kind(), preset.name()));
        return recorded.isTextual() && preset.generation().equals(recorded.textValue());
    }
}
