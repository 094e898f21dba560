package dev.podpreset.drift;

import dev.podpreset.api.PresetPodCounts;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.presets.PresetKey;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.podpreset.drift.DriftFixtures.EVERY_POD;
import static dev.podpreset.drift.DriftFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DriftCounterTest {
    private static final String APPLIED = AnnotationKeys.applied(PresetKind.NAMESPACED, "db");
    private static final String SKIPPED = AnnotationKeys.skipped(PresetKind.NAMESPACED, "db");
    private static final Map<String, String> FRONTEND = Map.of("role", "frontend");
    private static final PresetKey DB = new PresetKey(PresetKind.NAMESPACED, "team-a", "db");
    private static final PresetKey GPU = new PresetKey(PresetKind.CLUSTER, null, "gpu");

    private final PresetSnapshot snapshot = new PresetSnapshot(List.of(DriftFixtures.db(), DriftFixtures.gpu()),
            Map.of("team-a", NamespaceMetadata.of("team-a", Map.of("gpu", "true"), Map.of()),
                    "team-b", NamespaceMetadata.of("team-b", Map.of(), Map.of())));

    private Map<PresetKey, PresetDrift> count(WebhookScope scope, List<PodRecord> pods) {
        return DriftCounter.count(snapshot, scope, pods, key -> true);
    }

    @Test
    void eachAnnotationStateIsCountedOnce() {
        List<PodRecord> pods = List.of(
                pod("team-a", "current", FRONTEND, Map.of(APPLIED, "4")),
                pod("team-a", "stale", FRONTEND, Map.of(APPLIED, "3")),
                pod("team-a", "conflicting", FRONTEND, Map.of(SKIPPED, "4; conflict on env \"DB_PORT\" in container \"api\"")),
                pod("team-a", "missing", FRONTEND, Map.of()),
                pod("team-a", "unselected", Map.of("role", "backend"), Map.of()));
        PresetDrift db = count(EVERY_POD, pods).get(DB);
        assertEquals(new PresetPodCounts(4, 1, 1, 1, 1), db.counts());
        assertEquals("team-a/conflicting", db.lastConflict().getPod());
        assertEquals("conflict on env \"DB_PORT\" in container \"api\"", db.lastConflict().getMessage());
        assertEquals("1970-01-01T00:16:40Z", db.lastConflict().getTime());
        assertEquals(Set.of(new WorkloadRef("ReplicaSet", "team-a", "stale-rs")), db.staleOwners());
        assertEquals(Set.of(new WorkloadRef("ReplicaSet", "team-a", "missing-rs")), db.missingOwners());
    }

    @Test
    void anAuditPresetsPodsAreCountedByTheOutcomeTheyRecordAtItsCurrentGeneration() {
        String audit = AnnotationKeys.audit(PresetKind.NAMESPACED, "db");
        PresetSnapshot audited = new PresetSnapshot(List.of(DriftFixtures.auditDb()), Map.of());
        List<PodRecord> pods = List.of(
                pod("team-a", "apply", FRONTEND, Map.of(audit, "4; would apply")),
                new PodRecord("team-a", "conflict", FRONTEND, Map.of(audit, "4; would conflict: env \"DB_PORT\" in container \"api\""),
                        null, "Running", 2_000, false),
                // The newest pod, but its outcome is of an older generation: missing, and not the last conflict.
                new PodRecord("team-a", "older", FRONTEND, Map.of(audit, "3; would conflict: env \"X\" in container \"api\""),
                        null, "Running", 3_000, false),
                pod("team-a", "before", FRONTEND, Map.of()),
                // What an enforced generation left on a pod is no audit outcome, and no stale or conflicting pod.
                pod("team-a", "enforced-before", FRONTEND, Map.of(APPLIED, "3", SKIPPED, "3; conflict on env \"Y\"")));
        PresetDrift db = DriftCounter.count(audited, EVERY_POD, pods, key -> true).get(DB);
        PresetPodCounts expected = new PresetPodCounts(5, 0, 0, 0, 3);
        expected.setWouldApply(1L);
        expected.setWouldConflict(1L);
        assertEquals(expected, db.counts());
        assertEquals("team-a/conflict", db.lastConflict().getPod());
        assertEquals("env \"DB_PORT\" in container \"api\"", db.lastConflict().getMessage());
        assertEquals(Set.of(PodPresetState.WOULD_APPLY, PodPresetState.WOULD_CONFLICT, PodPresetState.MISSING), db.states());
        assertEquals(Set.of(), db.staleOwners());
        assertEquals(Set.of(), RestartPlanner.candidates(DriftFixtures.auditDb().restartWorkloads(), db, rs -> rs),
                "an audit preset restarts nothing, whatever restartWorkloads says");
    }

    @Test
    void anEnforcedPresetsCountsHaveNoAuditFields() {
        PresetPodCounts counts = count(EVERY_POD, List.of(pod("team-a", "m", FRONTEND, Map.of()))).get(DB).counts();
        assertNull(counts.getWouldApply());
        assertNull(counts.getWouldConflict());
    }

    @Test
    void aClusterPresetCountsPodsOfTheNamespacesItSelects() {
        Map<PresetKey, PresetDrift> drift = count(EVERY_POD, List.of(
                pod("team-a", "a", Map.of(), Map.of(AnnotationKeys.applied(PresetKind.CLUSTER, "gpu"), "2")),
                pod("team-b", "b", Map.of(), Map.of())));
        assertEquals(new PresetPodCounts(1, 1, 0, 0, 0), drift.get(GPU).counts());
        assertEquals(new PresetPodCounts(0, 0, 0, 0, 0), drift.get(DB).counts());
    }

    @Test
    void podsTheWebhookDoesNotServeAreNotCounted() {
        WebhookScope optedIn = new WebhookScope(Set.of(), new LabelSelectorBuilder().addToMatchLabels("gpu", "true").build(), null);
        WebhookScope excluded = new WebhookScope(Set.of("team-a"), null, null);
        WebhookScope objectSelector = new WebhookScope(Set.of(), null,
                new LabelSelectorBuilder().addToMatchLabels("inject", "yes").build());
        List<PodRecord> pods = List.of(pod("team-a", "a", Map.of(), Map.of()), pod("team-b", "b", Map.of(), Map.of()));
        // GPU selects team-a only; once team-a is not served, no pod is counted for it.
        assertEquals(1, count(optedIn, pods).get(GPU).counts().getMatched());
        assertEquals(0, count(excluded, pods).get(GPU).counts().getMatched());
        assertEquals(0, count(objectSelector, pods).get(GPU).counts().getMatched());
    }

    @Test
    void finishedTerminatingAndOptedOutPodsAreNotCounted() {
        List<PodRecord> pods = List.of(
                new PodRecord("team-a", "done", FRONTEND, Map.of(), null, "Succeeded", 1, false),
                new PodRecord("team-a", "failed", FRONTEND, Map.of(), null, "Failed", 1, false),
                new PodRecord("team-a", "going", FRONTEND, Map.of(), null, "Running", 1, true),
                pod("team-a", "excluded", FRONTEND, Map.of(AnnotationKeys.EXCLUDE, "true")),
                pod("team-a", "mirror", FRONTEND, Map.of(AnnotationKeys.MIRROR, "x")),
                new PodRecord("team-a", "pending", FRONTEND, Map.of(), null, "Pending", 1, false));
        PresetDrift db = count(EVERY_POD, pods).get(DB);
        assertEquals(new PresetPodCounts(1, 0, 0, 0, 1), db.counts());
        assertNull(db.lastConflict());
        assertEquals(Set.of(), db.missingOwners(), "a bare pod has no owner to restart");
    }

    @Test
    void theNewestConflictWins() {
        PodRecord older = new PodRecord("team-a", "old", FRONTEND, Map.of(SKIPPED, "3; conflict on env \"A\""), null,
                "Running", 100, false);
        PodRecord newer = new PodRecord("team-a", "new", FRONTEND, Map.of(SKIPPED, "4; conflict on env \"B\""), null,
                "Running", 200, false);
        assertEquals("conflict on env \"B\"", count(EVERY_POD, List.of(newer, older)).get(DB).lastConflict().getMessage());
        assertEquals("conflict on env \"B\"", count(EVERY_POD, List.of(older, newer)).get(DB).lastConflict().getMessage());
    }

    @Test
    void ownersAreOnlyCollectedWhenAsked() {
        PresetDrift db = DriftCounter.count(snapshot, EVERY_POD, List.of(pod("team-a", "m", FRONTEND, Map.of())),
                key -> false).get(DB);
        assertEquals(1, db.counts().getMissing());
        assertEquals(Set.of(), db.missingOwners());
    }
}
