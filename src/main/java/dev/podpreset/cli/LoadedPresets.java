package dev.podpreset.cli;

import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.presets.PresetSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The presets a command previews with: prepared for the engine, as written for its output, and the
 * namespaces whose labels could not be read (a team may read its own Namespace object, or not).
 *
 * @param unreadableNamespaces namespace to why its labels are unknown
 */
record LoadedPresets(PresetSnapshot snapshot, WrittenPresets written, Map<String, String> unreadableNamespaces) {
    LoadedPresets(PresetSnapshot snapshot, WrittenPresets written) {
        this(snapshot, written, Map.of());
    }

    /**
     * What can be decided for a pod of {@code namespace}: the presets to evaluate it with, and the rest.
     *
     * @param presets     all of them, or without the ClusterPodPresets whose namespaceSelector needs labels
     *                    that could not be read
     * @param unevaluated those left out (and the webhook's namespaceSelector), empty when the labels are known
     * @param why         why they are left out; null when nothing is
     */
    record Evaluation(PresetSnapshot presets, List<String> unevaluated, String why) {
        boolean complete() {
            return unevaluated.isEmpty();
        }
    }

    /** The same presets with Namespace objects given beside them (which are then known). */
    LoadedPresets withNamespaces(Map<String, NamespaceMetadata> namespaces) {
        if (namespaces.isEmpty()) {
            return this;
        }
        Map<String, String> unreadable = new java.util.HashMap<>(unreadableNamespaces);
        unreadable.keySet().removeAll(namespaces.keySet());
        return new LoadedPresets(snapshot.withNamespaces(namespaces), written, Map.copyOf(unreadable));
    }

    Evaluation evaluation(String namespace) {
        String why = unreadableNamespaces.get(namespace);
        if (why == null) {
            return new Evaluation(snapshot, List.of(), null);
        }
        List<PreparedPreset> evaluable = new ArrayList<>();
        List<String> unevaluated = new ArrayList<>();
        unevaluated.add("the webhook's namespaceSelector");
        for (PreparedPreset preset : snapshot.presets()) {
            if (preset.kind() == PresetKind.CLUSTER && written.selectsNamespacesByLabel(preset.displayName())) {
                unevaluated.add(preset.displayName());
            } else {
                evaluable.add(preset);
            }
        }
        return new Evaluation(new PresetSnapshot(evaluable, Map.of(), snapshot.invalid()), List.copyOf(unevaluated), why);
    }
}
