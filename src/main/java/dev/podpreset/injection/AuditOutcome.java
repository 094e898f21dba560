package dev.podpreset.injection;

/**
 * What an audit preset would do to a pod if every audit preset were enforced after the enforced ones.
 *
 * @param conflict null when it would apply; else what would keep it out (its onConflict is not consulted)
 */
public record AuditOutcome(PreparedPreset preset, SkippedPreset conflict) {
    public boolean wouldApply() {
        return conflict == null;
    }

    /** The audit annotation's value for this outcome. */
    public AnnotationValues.Audit annotation() {
        return new AnnotationValues.Audit(preset.generation(), wouldApply() ? null : conflict.conflict());
    }
}
