package dev.podpreset.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.RestartWorkloads;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.presets.PresetKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.podpreset.drift.DriftFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartPlannerTest {
    private static final String APPLIED = AnnotationKeys.applied(PresetKind.NAMESPACED, "db");
    private static final Map<String, String> FRONTEND = Map.of("role", "frontend");
    private final PreparedPreset db = DriftFixtures.db();
    private final PresetSnapshot snapshot = new PresetSnapshot(List.of(db), Map.of("team-a", NamespaceMetadata.unknown("team-a")));

    private PresetDrift drift(List<PodRecord> pods) {
        return DriftCounter.count(snapshot, DriftFixtures.EVERY_POD, pods, k -> true).get(PresetKey.of(db));
    }

    private static PodRecord owned(String name, String kind, String owner, Map<String, String> annotations) {
        return new PodRecord("team-a", name, FRONTEND, annotations, owner == null ? null : new PodRecord.OwnerRef(kind, owner),
                "Running", 1, false);
    }

    private static WorkloadRef rsOwner(WorkloadRef rs) {
        return rs.name().equals("web-7d4b9c") ? new WorkloadRef("Deployment", rs.namespace(), "web") : null;
    }

    @Test
    void candidatesAreTheWorkloadsOwningStalePodsThroughTheirReplicaSet() {
        PresetDrift drift = drift(List.of(
                owned("web-1", "ReplicaSet", "web-7d4b9c", Map.of(APPLIED, "3")),
                owned("web-2", "ReplicaSet", "web-7d4b9c", Map.of(APPLIED, "3")),
                owned("db-0", "StatefulSet", "db", Map.of(APPLIED, "3")),
                owned("agent-x", "DaemonSet", "agent", Map.of()),
                owned("job-1", "Job", "nightly", Map.of(APPLIED, "3")),
                owned("orphan-rs-1", "ReplicaSet", "orphan", Map.of(APPLIED, "3")),
                owned("bare", null, null, Map.of(APPLIED, "3"))));
        assertEquals(List.of(new WorkloadRef("Deployment", "team-a", "web"), new WorkloadRef("StatefulSet", "team-a", "db")),
                List.copyOf(RestartPlanner.candidates(RestartWorkloads.Stale, drift, RestartPlannerTest::rsOwner)));
        assertEquals(Set.of(new WorkloadRef("Deployment", "team-a", "web"), new WorkloadRef("StatefulSet", "team-a", "db"),
                        new WorkloadRef("DaemonSet", "team-a", "agent")),
                RestartPlanner.candidates(RestartWorkloads.StaleOrMissing, drift, RestartPlannerTest::rsOwner));
        assertEquals(Set.of(), RestartPlanner.candidates(RestartWorkloads.Never, drift, RestartPlannerTest::rsOwner));
        assertEquals(Set.of(), RestartPlanner.candidates(null, drift, RestartPlannerTest::rsOwner));
    }

    private static ObjectNode deployment(String extraMetadata, String templateEnv, boolean paused) {
        return yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: team-a, generation: 3%s}
                spec:
                  paused: %s
                  template:
                    metadata: {labels: {role: frontend}}
                    spec:
                      containers: [{name: api, image: x, env: [%s]}]
                """.formatted(extraMetadata, paused, templateEnv));
    }

    @Test
    void aWorkloadWhoseTemplateTakesThePresetCleanlyIsRestarted() {
        RestartPlanner.Decision d = RestartPlanner.decide(deployment("", "", false), Map.of(), snapshot, db,
                IgnoredContainers.DEFAULT);
        assertTrue(d.restart(), d.toString());
    }

    @Test
    void notWhileTheTemplateWouldConflict() {
        RestartPlanner.Decision d = RestartPlanner.decide(deployment("", "{name: DB_PORT, value: \"1\"}", false), Map.of(),
                snapshot, db, IgnoredContainers.DEFAULT);
        assertFalse(d.restart());
        assertEquals(RestartRefusal.WOULD_CONFLICT, d.refusal());
        assertEquals("the preset would conflict with its pod template", d.toString());
    }

    @Test
    void notTwiceForOneGeneration() {
        String recorded = ", annotations: {" + AnnotationKeys.restartedFor(PresetKind.NAMESPACED, "db") + ": \"4\"}";
        RestartPlanner.Decision d = RestartPlanner.decide(deployment(recorded, "", false), Map.of(), snapshot, db,
                IgnoredContainers.DEFAULT);
        assertEquals(RestartRefusal.ALREADY_RESTARTED, d.refusal());
        String older = ", annotations: {" + AnnotationKeys.restartedFor(PresetKind.NAMESPACED, "db") + ": \"3\"}";
        assertTrue(RestartPlanner.decide(deployment(older, "", false), Map.of(), snapshot, db, IgnoredContainers.DEFAULT)
                .restart());
    }

    @Test
    void notInANamespaceThatDisabledRestartsNorWhenPausedNorForOtherKinds() {
        assertEquals(RestartRefusal.RESTARTS_DISABLED_IN_NAMESPACE, RestartPlanner.decide(deployment("", "", false),
                Map.of(AnnotationKeys.RESTART, "disabled"), snapshot, db, IgnoredContainers.DEFAULT).refusal());
        assertEquals(RestartRefusal.PAUSED_DEPLOYMENT, RestartPlanner.decide(deployment("", "", true), Map.of(), snapshot,
                db, IgnoredContainers.DEFAULT).refusal());
        ObjectNode job = deployment("", "", false).put("kind", "Job");
        assertEquals(RestartRefusal.NOT_RESTARTABLE, RestartPlanner.decide(job, Map.of(), snapshot, db, IgnoredContainers.DEFAULT).refusal());
    }

    @Test
    void notWhenThePresetNoLongerSelectsTheTemplate() {
        ObjectNode other = yaml("""
                kind: StatefulSet
                metadata: {name: db, namespace: team-a}
                spec: {template: {metadata: {labels: {role: backend}}, spec: {containers: [{name: c, image: x}]}}}
                """);
        assertEquals(RestartRefusal.NOT_SELECTED, RestartPlanner.decide(other, Map.of(), snapshot, db, IgnoredContainers.DEFAULT).refusal());
    }

    /** A Deployment of team-a whose template has the api container and a mesh proxy named {@code proxy}, which sets DB_PORT. */
    private static ObjectNode withProxy(String proxy) {
        return yaml("""
                kind: Deployment
                metadata: {name: web, namespace: team-a}
                spec:
                  template:
                    metadata: {labels: {role: frontend}}
                    spec:
                      containers:
                      - {name: api, image: x}
                      - {name: %s, image: proxy, env: [{name: DB_PORT, value: "15000"}]}
                """.formatted(proxy));
    }

    @Test
    void theTemplateIsJudgedWithTheConfiguredIgnoredContainers() {
        // The webhook leaves envoy alone when configured so: its DB_PORT is then no conflict, and pods would get db.
        IgnoredContainers envoy = IgnoredContainers.of(List.of("envoy"));
        assertTrue(RestartPlanner.decide(withProxy("envoy"), Map.of(), snapshot, db, envoy).restart());
        assertEquals(RestartRefusal.WOULD_CONFLICT,
                RestartPlanner.decide(withProxy("envoy"), Map.of(), snapshot, db, IgnoredContainers.DEFAULT).refusal());
        // And the other way round: configured without Istio's names, istio-proxy receives the preset and conflicts.
        assertEquals(RestartRefusal.WOULD_CONFLICT,
                RestartPlanner.decide(withProxy("istio-proxy"), Map.of(), snapshot, db, envoy).refusal());
        assertTrue(RestartPlanner.decide(withProxy("istio-proxy"), Map.of(), snapshot, db, IgnoredContainers.DEFAULT)
                .restart());
    }

    @Test
    void theTemplateIsJudgedWithTheNamespacesMetadata() {
        PreparedPreset team = PresetDocuments.prepare(yaml("""
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: team, namespace: team-a, generation: 2}
                spec:
                  env: [{name: TEAM, valueFrom: {namespaceFieldRef: {fieldPath: "metadata.labels['team']"}}}]
                """));
        ObjectNode web = deployment("", "{name: TEAM, value: payments}", false);
        PresetSnapshot unlabelled = new PresetSnapshot(List.of(team),
                Map.of("team-a", NamespaceMetadata.of("team-a", Map.of(), Map.of())));
        assertEquals(RestartRefusal.WOULD_CONFLICT,
                RestartPlanner.decide(web, Map.of(), unlabelled, team, IgnoredContainers.DEFAULT).refusal(),
                "without the label, admission would skip the preset");
        PresetSnapshot payments = unlabelled.withNamespaces(Map.of("team-a",
                NamespaceMetadata.of("team-a", Map.of("team", "payments"), Map.of())));
        assertTrue(RestartPlanner.decide(web, Map.of(), payments, team, IgnoredContainers.DEFAULT).restart(),
                "the template's TEAM equals the resolved value: no conflict");
        PresetSnapshot billing = unlabelled.withNamespaces(Map.of("team-a",
                NamespaceMetadata.of("team-a", Map.of("team", "billing"), Map.of())));
        assertEquals(RestartRefusal.WOULD_CONFLICT,
                RestartPlanner.decide(web, Map.of(), billing, team, IgnoredContainers.DEFAULT).refusal(),
                "the template's TEAM differs from the resolved value");
    }
}
