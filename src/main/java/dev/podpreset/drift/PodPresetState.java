package dev.podpreset.drift;

import dev.podpreset.api.PresetMode;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

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
    /**
     * Carries neither annotation: admission never applied it (webhook down, preset or opt-in too late); for an audit
     * preset, the pod records no outcome at its current generation.
     */
    MISSING,
    /** An audit preset's: the pod records at the current generation that it would apply. */
    WOULD_APPLY,
    /** An audit preset's: the pod records at the current generation that it would conflict. */
    WOULD_CONFLICT;

    /** The states a pod can be in with an enforced preset. */
    public static final Set<PodPresetState> ENFORCED = Collections.unmodifiableSet(EnumSet.of(CURRENT, STALE, CONFLICTING, MISSING));
    /** The states a pod can be in with an audit preset. */
    public static final Set<PodPresetState> AUDITED = Collections.unmodifiableSet(EnumSet.of(WOULD_APPLY, WOULD_CONFLICT, MISSING));

    /** The state of a pod with these annotations for this version of the preset, enforced or audit. */
    public static PodPresetState of(PreparedPreset preset, Map<String, String> annotations) {
        return preset.mode() == PresetMode.Audit ? audited(preset.auditAnnotationKey(), preset.generation(), annotations)
                : of(preset.kind(), preset.name(), preset.generation(), annotations);
    }

    /**
     * An audit preset's state: {@link #WOULD_APPLY} or {@link #WOULD_CONFLICT} when the pod records the outcome at
     * the preset's current generation, else {@link #MISSING} (admitted before the preset, or before this generation).
     */
    static PodPresetState audited(String auditKey, String generation, Map<String, String> annotations) {
        String recorded = annotations.get(auditKey);
        if (recorded == null) {
            return MISSING;
        }
        AnnotationValues.Audit audit = AnnotationValues.Audit.parse(recorded);
        return !audit.at(generation) ? MISSING : audit.wouldApply() ? WOULD_APPLY : WOULD_CONFLICT;
    }

    /**
     * An enforced preset's state for the preset {@code kind}/{@code name} at {@code generation}. The current
     * generation decides first: a pod skipped at the current generation is conflicting even if an older generation
     * had been applied.
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
