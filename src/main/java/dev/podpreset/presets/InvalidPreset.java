package dev.podpreset.presets;

import dev.podpreset.api.Violation;
import dev.podpreset.injection.InvalidPresetException;
import dev.podpreset.injection.PresetKind;

import java.util.List;

/**
 * A preset a source could not use, kept beside the valid ones so that the controller can report it on
 * the preset's status ({@code Ready=False}, reason {@code Invalid}) and the CLI can list it.
 *
 * @param namespace  null for a ClusterPodPreset
 * @param name       empty when the document has none
 * @param generation {@code metadata.generation} as text; empty when the preset has none (files)
 * @param violations every field and reason, as the validator gives them
 */
public record InvalidPreset(PresetKind kind, String namespace, String name, String generation,
                            List<Violation> violations) {
    public InvalidPreset {
        violations = List.copyOf(violations);
    }

    public PresetKey key() {
        return new PresetKey(kind, namespace, name);
    }

    /** {@code PodPreset team-a/db is invalid: <field>: <reason>; ...}. */
    public String message() {
        return InvalidPresetException.message(kind, namespace, name, violations);
    }
}
