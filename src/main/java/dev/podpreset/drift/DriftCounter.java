package dev.podpreset.drift;

import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tallies every running pod against the presets that select it. Selection is the webhook's own: the pod must be
 * served (see {@link ServedPods}), not opted out, and selected by {@link PreparedPreset#selects} among the
 * snapshot's candidates for it, exactly as an admission of that pod would find them.
 */
public final class DriftCounter {
    private DriftCounter() {
    }

    /**
     * @param collectOwners for which presets to keep the owners of stale and missing pods (restart planning)
     * @return a tally for every valid preset of the snapshot, zero when it selects no pod
     */
    public static Map<PresetKey, PresetDrift> count(PresetSnapshot snapshot, ServedPods served, Iterable<PodRecord> pods,
                                                    Predicate<PresetKey> collectOwners) {
        Map<PreparedPreset, PresetDrift> byPreset = new HashMap<>();
        for (PreparedPreset p : snapshot.presets()) {
            byPreset.put(p, new PresetDrift(collectOwners.test(PresetKey.of(p))));
        }
        for (PodRecord pod : pods) {
            if (!pod.running() || pod.optedOut()) {
                continue;
            }
            String namespace = pod.namespace();
            Map<String, String> namespaceLabels = snapshot.namespaceLabels(namespace);
            if (!served.serves(namespace, namespaceLabels, pod.labels())) {
                continue;
            }
            List<PreparedPreset> candidates = snapshot.candidates(namespace, pod.labels());
            for (PreparedPreset preset : candidates) {
                if (!preset.selects(namespace, namespaceLabels, pod.labels())) {
                    continue;
                }
                PodPresetState state = PodPresetState.of(preset.kind(), preset.name(), preset.generation(), pod.annotations());
                String skipped = pod.annotations().get(preset.skippedAnnotationKey());
                byPreset.get(preset).count(pod, state, skipped == null ? null : AnnotationValues.Skipped.parse(skipped));
            }
        }
        Map<PresetKey, PresetDrift> out = new HashMap<>();
        byPreset.forEach((p, drift) -> out.put(PresetKey.of(p), drift));
        return out;
    }
}
