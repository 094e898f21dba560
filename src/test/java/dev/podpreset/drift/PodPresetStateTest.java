package dev.podpreset.drift;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodPresetStateTest {
    private static final String APPLIED = AnnotationKeys.applied(PresetKind.NAMESPACED, "db");
    private static final String SKIPPED = AnnotationKeys.skipped(PresetKind.NAMESPACED, "db");

    private static PodPresetState state(Map<String, String> annotations) {
        return PodPresetState.of(PresetKind.NAMESPACED, "db", "4", annotations);
    }

    @Test
    void appliedAtTheCurrentGenerationIsCurrent() {
        assertEquals(PodPresetState.CURRENT, state(Map.of(APPLIED, "4")));
    }

    @Test
    void appliedAtAnOlderGenerationIsStale() {
        assertEquals(PodPresetState.STALE, state(Map.of(APPLIED, "3")));
    }

    @Test
    void skippedAtTheCurrentGenerationIsConflictingEvenWhenAnOlderOneWasApplied() {
        assertEquals(PodPresetState.CONFLICTING,
                state(Map.of(SKIPPED, "4; conflict on env \"A\" in container \"app\"", APPLIED, "3")));
    }

    @Test
    void skippedAtAnOlderGenerationIsStale() {
        assertEquals(PodPresetState.STALE, state(Map.of(SKIPPED, "2; conflict on env \"A\" in container \"app\"")));
    }

    @Test
    void neitherAnnotationIsMissing() {
        assertEquals(PodPresetState.MISSING, state(Map.of("podpreset.dev/podpreset-other", "4")));
    }

    @Test
    void skippedKeysFollowTheAppliedShorteningRule() {
        String name = "a".repeat(80);
        String key = AnnotationKeys.skipped(PresetKind.CLUSTER, name);
        assertEquals(AnnotationKeys.PREFIX.length() + 63, key.length(), key);
        assertEquals("podpreset.dev/skipped-clusterpodpreset-db", AnnotationKeys.skipped(PresetKind.CLUSTER, "db"));
    }

    @Test
    void anAuditPresetsPodsWouldApplyOrConflictAtTheCurrentGenerationAndAreMissingOtherwise() {
        PreparedPreset audit = DriftFixtures.auditDb();
        String key = AnnotationKeys.audit(PresetKind.NAMESPACED, "db");
        assertEquals(PodPresetState.WOULD_APPLY, PodPresetState.of(audit, Map.of(key, "4; would apply")));
        assertEquals(PodPresetState.WOULD_CONFLICT, PodPresetState.of(audit,
                Map.of(key, "4; would conflict: env \"DB_PORT\" in container \"api\"")));
        assertEquals(PodPresetState.MISSING, PodPresetState.of(audit, Map.of(key, "3; would apply")),
                "an outcome of an older generation is none of this one");
        // Applied while it was enforced: an audit preset's pods are judged by the audit annotation alone.
        assertEquals(PodPresetState.MISSING, PodPresetState.of(audit, Map.of(APPLIED, "4")));
        assertEquals(PodPresetState.CURRENT, PodPresetState.of(DriftFixtures.db(), Map.of(APPLIED, "4", key, "4; would apply")),
                "an enforced preset's pods are judged by the applied and skipped annotations alone");
    }
}
