package dev.podpreset.drift;

import dev.podpreset.api.PresetMode;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.presets.PresetKey;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Tallies every running pod against the presets that select it. Selection is the webhook's own: the API server
 * must call the webhook for the pod ({@link WebhookScope}, the webhook's configuration), the engine must not leave
 * it alone ({@link PodRecord#optedOut}), and {@link PreparedPreset#selects} must hold among the snapshot's
 * candidates for it, exactly as an admission of that pod would find them.
 */
public final class DriftCounter {
    private DriftCounter() {
    }

    /**
     * @param collectOwners for which presets to keep the owners of stale and missing pods (restart planning)
     * @return a tally for every valid preset of the snapshot, zero when it selects no pod
     */
    public static Map<PresetKey, PresetDrift> count(PresetSnapshot snapshot, WebhookScope scope, Iterable<PodRecord> pods,
                                                    Predicate<PresetKey> collectOwners) {
        Map<PreparedPreset, PresetDrift> byPreset = new HashMap<>();
        for (PreparedPreset p : snapshot.presets()) {
            byPreset.put(p, new PresetDrift(collectOwners.test(PresetKey.of(p)), p.mode() == PresetMode.Audit));
        }
        // The namespace half of the webhook's scope, once per namespace rather than once per pod.
        Map<String, Boolean> servedNamespaces = new HashMap<>();
        for (PodRecord pod : pods) {
            if (!pod.running() || pod.optedOut() || !scope.podMatches(pod.labels())
                    || !servedNamespaces.computeIfAbsent(pod.namespace(),
                    ns -> scope.servesNamespace(ns, snapshot.namespaceLabels(ns)))) {
                continue;
            }
            forEachSelecting(snapshot, pod, (preset, state) ->
                    byPreset.get(preset).count(pod, state, conflict(preset, state, pod.annotations())));
        }
        Map<PresetKey, PresetDrift> out = new HashMap<>();
        byPreset.forEach((p, drift) -> out.put(PresetKey.of(p), drift));
        return out;
    }

    /**
     * The conflict the pod records with the preset: an enforced preset's skipped annotation (at any generation), an
     * audit preset's outcome when it would conflict at the current generation; null when none.
     */
    private static String conflict(PreparedPreset preset, PodPresetState state, Map<String, String> annotations) {
        if (preset.mode() == PresetMode.Audit) {
            return state == PodPresetState.WOULD_CONFLICT
                    ? AnnotationValues.Audit.parse(annotations.get(preset.auditAnnotationKey())).conflict() : null;
        }
        String skipped = annotations.get(preset.skippedAnnotationKey());
        return skipped == null ? null : AnnotationValues.Skipped.parse(skipped).conflict();
    }

    /**
     * How one pod stands with each preset that selects it, in application order; empty when the pod is not
     * counted (finished, opted out, or never sent to the webhook).
     */
    public static Map<PreparedPreset, PodPresetState> states(PresetSnapshot snapshot, WebhookScope scope, PodRecord pod) {
        if (!pod.running() || pod.optedOut()
                || !scope.decide(pod.namespace(), snapshot.namespaceLabels(pod.namespace()), pod.labels()).called()) {
            return Map.of();
        }
        Map<PreparedPreset, PodPresetState> out = new LinkedHashMap<>();
        forEachSelecting(snapshot, pod, out::put);
        return out;
    }

    /** Calls {@code each} with every preset that selects the pod and the pod's state with it. */
    private static void forEachSelecting(PresetSnapshot snapshot, PodRecord pod,
                                         BiConsumer<PreparedPreset, PodPresetState> each) {
        String namespace = pod.namespace();
        Map<String, String> namespaceLabels = snapshot.namespaceLabels(namespace);
        for (PreparedPreset preset : snapshot.candidates(namespace, pod.labels())) {
            if (preset.selects(namespace, namespaceLabels, pod.labels())) {
                each.accept(preset, PodPresetState.of(preset, pod.annotations()));
            }
        }
    }
}
