package dev.podpreset.presets;

import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;

/** Identifies a preset across snapshots: kind, namespace (null for a ClusterPodPreset) and name. */
public record PresetKey(PresetKind kind, String namespace, String name) {

    public static PresetKey of(PreparedPreset preset) {
        return new PresetKey(preset.kind(), preset.namespace(), preset.name());
    }

    /** "ClusterPodPreset gpu" or "PodPreset team-a/db", as the engine names presets. */
    public String displayName() {
        return kind.displayName(namespace, name);
    }
}
