package dev.podpreset.controller;

import dev.podpreset.TestPresets;
import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetPodCounts;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.podpreset.controller.ControllerFixture.EVERY_POD;
import static dev.podpreset.controller.ControllerFixture.await;
import static dev.podpreset.controller.ControllerFixture.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller on the CRUD mock with the CRDs registered: status, counts, coalescing, events, metrics. */
class PresetControllerTest {
    private static final String APPLIED = AnnotationKeys.applied(PresetKind.NAMESPACED, "db");
    private static final String SKIPPED = AnnotationKeys.skipped(PresetKind.NAMESPACED, "db");
    private static final Map<String, String> FRONTEND = Map.of("role", "frontend");
    private static final String DB = TestPresets.DB_PRESET;
    private static final String INVALID_DB = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: db, namespace: team-a}
            spec:
              selector: {matchLabels: {role: frontend}}
              env: [{name: DB_PORT, value: "5433"}]
              volumeMounts: [{name: missing, mountPath: /x}]
            """;

    private ControllerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ControllerFixture();
        f.namespace("team-a", Map.of("podpreset.dev/inject", "enabled"), Map.of());
        f.namespace("team-b", Map.of(), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    static boolean ready(PresetStatus s, String value, long generation) {
        PresetCondition c = s.condition(PresetCondition.READY);
        return c != null && value.equals(c.getStatus()) && Long.valueOf(generation).equals(s.getObservedGeneration());
    }

    @Test
    void aValidAnInvalidAndACorrectedPreset() {
        f.cluster.apply(DB.formatted("5432"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(200)));

        PresetStatus valid = awaitValue("Ready=True", () -> f.status("team-a/db"), s -> ready(s, "True", 1));
        assertEquals(new PresetCondition("Ready", "True", "Valid", "", 1L,
                valid.condition("Ready").getLastTransitionTime()), valid.condition("Ready"));
        assertEquals(new PresetPodCounts(0, 0, 0, 0, 0), valid.getPods());
        assertEquals(1, f.generation("team-a/db"), "status writes never change generation");

        f.cluster.apply(INVALID_DB);
        PresetStatus invalid = awaitValue("Ready=False", () -> f.status("team-a/db"), s -> ready(s, "False", 2));
        assertEquals("Invalid", invalid.condition("Ready").getReason());
        assertEquals("spec.volumeMounts[0].name: Not found: \"missing\" is not a volume of this preset",
                invalid.condition("Ready").getMessage());
        assertNull(invalid.getPods(), "an invalid preset is applied to no pod, so none is counted");
        await("a PresetInvalid event", () -> f.events("team-a", "PresetInvalid").size() == 1);

        f.cluster.apply(DB.formatted("5434"));
        PresetStatus corrected = awaitValue("Ready=True again", () -> f.status("team-a/db"), s -> ready(s, "True", 3));
        assertEquals("Valid", corrected.condition("Ready").getReason());
        await("a PresetValid event", () -> f.events("team-a", "PresetValid").size() == 1);
        assertEquals(3, f.generation("team-a/db"));
    }

    @Test
    void aPresetWithAFieldThisVersionDoesNotKnowNeedsANewerVersionAndTheOthersKeepUpdating() {
        // What a newer CRD stores during an upgrade: the watch keeps going, the preset is invalid for this version.
        f.cluster.apply(TestPresets.NEWER_VERSION_PRESET);
        f.cluster.apply(DB.formatted("5432"));
        f.cluster.apply(DB.formatted("6379").replace("name: db", "name: cache"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));

        PresetStatus newer = awaitValue("the newer preset reported", () -> f.status("team-a/newer"), s -> ready(s, "False", 1));
        assertEquals("NeedsNewerVersion", newer.condition(PresetCondition.READY).getReason());
        assertTrue(newer.condition(PresetCondition.READY).getMessage().contains("does not know spec.canary"),
                newer.condition(PresetCondition.READY).getMessage());
        awaitValue("db reported", () -> f.status("team-a/db"), s -> ready(s, "True", 1));

        f.pod("team-a", "web", FRONTEND, Map.of(APPLIED, "1"));
        awaitValue("db's counts keep moving", () -> f.status("team-a/db"), s -> s.getPods().getCurrent() == 1);
        f.cluster.apply(DB.formatted("6380").replace("name: db", "name: cache"));
        awaitValue("cache's new generation reported", () -> f.status("team-a/cache"), s -> ready(s, "True", 2));
        assertEquals(1, f.status("team-a/newer").getObservedGeneration());
    }

    @Test
    void countsMoveAsPodsInEachStateComeAndGo() {
        f.cluster.apply(DB.formatted("5432"));
        WebhookScope optedIn = new WebhookScope(Set.of(), new LabelSelectorBuilder()
                .addToMatchLabels("podpreset.dev/inject", "enabled").build(), null);
        ControllerFixture.Running leader = f.leader(ControllerFixture.settings(optedIn, Duration.ofMillis(200)));
        awaitValue("first status", () -> f.status("team-a/db"), s -> ready(s, "True", 1));

        f.pod("team-a", "current", FRONTEND, Map.of(APPLIED, "1"));
        f.pod("team-a", "stale", FRONTEND, Map.of(APPLIED, "0"));
        f.pod("team-a", "conflicting", FRONTEND, Map.of(SKIPPED, "1; conflict on env \"DB_PORT\" in container \"api\""));
        f.pod("team-a", "missing", FRONTEND, Map.of());
        f.pod("team-a", "other", Map.of("role", "backend"), Map.of());
        awaitValue("all four states", () -> f.status("team-a/db"),
                s -> new PresetPodCounts(4, 1, 1, 1, 1).equals(s.getPods()));
        PresetStatus s = f.status("team-a/db");
        assertEquals("team-a/conflicting", s.getLastConflict().getPod());
        assertEquals("conflict on env \"DB_PORT\" in container \"api\"", s.getLastConflict().getMessage());

        f.deletePod("team-a", "missing");
        f.deletePod("team-a", "conflicting");
        PresetStatus after = awaitValue("two pods gone", () -> f.status("team-a/db"),
                x -> new PresetPodCounts(2, 1, 1, 0, 0).equals(x.getPods()));
        assertNull(after.getLastConflict(), "no counted pod carries the skipped annotation any more");

        assertEquals(1.0, gauge(leader, "stale"));
        assertEquals(0.0, gauge(leader, "missing"));
    }

    @Test
    void anAuditPresetsPodsAreCountedByTheOutcomeAdmissionRecorded() {
        String audit = AnnotationKeys.audit(PresetKind.NAMESPACED, "db");
        f.cluster.apply("""
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a}
                spec:
                  mode: Audit
                  selector: {matchLabels: {role: frontend}}
                  env: [{name: DB_PORT, value: "5432"}]
                """);
        ControllerFixture.Running leader = f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(200)));
        awaitValue("first status", () -> f.status("team-a/db"), s -> ready(s, "True", 1));

        f.pod("team-a", "would-apply", FRONTEND, Map.of(audit, "1; would apply"));
        f.pod("team-a", "would-conflict", FRONTEND, Map.of(audit, "1; would conflict: env \"DB_PORT\" in container \"api\""));
        f.pod("team-a", "older-generation", FRONTEND, Map.of(audit, "0; would apply"));
        f.pod("team-a", "admitted-before", FRONTEND, Map.of());
        f.pod("team-a", "applied-once", FRONTEND, Map.of(APPLIED, "1")); // no audit outcome: missing, not current
        PresetPodCounts expected = new PresetPodCounts(5, 0, 0, 0, 3);
        expected.setWouldApply(1L);
        expected.setWouldConflict(1L);
        PresetStatus s = awaitValue("the audit counts", () -> f.status("team-a/db"), x -> expected.equals(x.getPods()));
        assertEquals("team-a/would-conflict", s.getLastConflict().getPod());
        assertEquals("env \"DB_PORT\" in container \"api\"", s.getLastConflict().getMessage());
        assertEquals(1.0, gauge(leader, "would_apply"));
        assertEquals(1.0, gauge(leader, "would_conflict"));
        assertEquals(3.0, gauge(leader, "missing"));
        assertEquals(-1.0, gauge(leader, "current"), "an audit preset has no current pods to report");

        f.cluster.apply(DB.formatted("5432")); // enforced now: a new generation no pod was admitted with
        PresetStatus enforced = awaitValue("the enforced counts", () -> f.status("team-a/db"), x -> ready(x, "True", 2)
                && new PresetPodCounts(5, 0, 1, 0, 4).equals(x.getPods()));
        assertNull(enforced.getLastConflict(), "what an audit recorded is no conflict of the enforced preset");
    }

    @Test
    void aPodInANamespaceThatIsNotOptedInIsNotCounted() {
        f.cluster.apply("""
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: gpu}
                spec:
                  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                """);
        WebhookScope optedIn = new WebhookScope(Set.of("kube-system"), new LabelSelectorBuilder()
                .addToMatchLabels("podpreset.dev/inject", "enabled").build(), null);
        f.leader(ControllerFixture.settings(optedIn, Duration.ofMillis(200)));
        f.pod("team-a", "in", Map.of(), Map.of());
        f.pod("team-b", "out", Map.of(), Map.of());
        f.pod("kube-system", "excluded", Map.of(), Map.of());
        awaitValue("one missing pod", () -> f.status("gpu"), s -> new PresetPodCounts(1, 0, 0, 0, 1).equals(s.getPods()));
    }

    @Test
    void podEventsAreCoalescedIntoAtMostOneWritePerInterval() throws InterruptedException {
        f.cluster.apply(DB.formatted("5432"));
        Duration interval = Duration.ofSeconds(2);
        ControllerFixture.Running leader = f.leader(ControllerFixture.settings(EVERY_POD, interval));
        awaitValue("first status", () -> f.status("team-a/db"), s -> ready(s, "True", 1));
        await("the first write counted", () -> leader.statusWrites() == 1);
        double before = leader.statusWrites();
        long started = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            f.pod("team-a", "p" + i, FRONTEND, Map.of(APPLIED, "1"));
        }
        awaitValue("30 current pods", () -> f.status("team-a/db"), s -> s.getPods().getCurrent() == 30);
        await("the write counted", () -> leader.statusWrites() > before);
        long elapsedIntervals = Duration.ofNanos(System.nanoTime() - started).toMillis() / interval.toMillis();
        double writes = leader.statusWrites() - before;
        assertTrue(writes >= 1 && writes <= elapsedIntervals + 1,
                writes + " writes for 30 pod events in " + (elapsedIntervals + 1) + " intervals");

        Thread.sleep(interval.toMillis() + 500);
        assertEquals(before + writes, leader.statusWrites(), "nothing changed, nothing written");
    }

    @Test
    void onlyTheLeaderWrites() throws InterruptedException {
        f.cluster.apply(DB.formatted("5432"));
        ControllerFixture.Running follower = f.controller(f.client, ControllerFixture.settings(EVERY_POD,
                Duration.ofMillis(100)), "follower");
        f.pod("team-a", "m", FRONTEND, Map.of());
        await("the follower's metrics", () -> gauge(follower, "missing") == 1.0);
        Thread.sleep(300);
        assertNull(f.status("team-a/db"));
        assertEquals(0, follower.statusWrites());
        follower.controller().leading(true);
        PresetStatus s = awaitValue("status once leading", () -> f.status("team-a/db"), x -> x.getPods() != null);
        assertEquals(1, s.getPods().getMissing());
        await("its writes counted", () -> follower.statusWrites() > 0);
    }

    private static double gauge(ControllerFixture.Running controller, String state) {
        Gauge g = controller.meters().find("podpreset_preset_pods").tags("kind", "PodPreset", "namespace", "team-a",
                "name", "db", "state", state).gauge();
        return g == null ? -1 : g.value();
    }
}
