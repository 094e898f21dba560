package dev.podpreset.drift;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PresetKind;

import java.util.Map;

/**
 * Where a running pod stands with one preset that selects it, read from the annotations the webhook
 * wrote at admission: the controller counts these per preset and {@code explain --cluster} prints them.
 */
public enum PodPresetState {
    /** Carries the applied annotation at the preset's current generation. */
    CURRENT,
    /** Was admitted against an older generation of the preset (applied or skipped then). */
    STALE,
    /** Carries the skipped annotation at the current generation: admission skipped it on a conflict. */
    CONFLICTING,
    /** Carries neither annotation: admission never applied it (webhook down, preset or opt-in too late). */
    MISSING;

    /**
     * The state of a pod with these annotations for the preset {@code kind}/{@code name} at
     * {@code generation}. The current generation decides first: a pod skipped at the current generation
     * is conflicting even if an older generation had been applied.
     */
    public static PodPresetState of(PresetKind kind, String name, String generation, Map<String, String> annotations) {
        String applied = annotations.get(AnnotationKeys.applied(kind, name));
        String skipped = annotations.get(AnnotationKeys.skipped(kind, name));
        if (generation.equals(applied)) {
            return CURRENT;
        }
        if (skipped != null && AnnotationValues.Skipped.parse(skipped).at(generation)) {
            return CONFLICTING;
        }
        return applied != null || skipped != null ? STALE : MISSING;
    }
}
