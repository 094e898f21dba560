package dev.podpreset.controller;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.podpreset.controller.ControllerFixture.EVERY_POD;
import static dev.podpreset.controller.ControllerFixture.await;
import static dev.podpreset.controller.ControllerFixture.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-in restarts on the CRUD mock: once per generation and only for the generation that asked, never unsafe, one
 * rollout at a time, a failed rollout pausing its own preset only, and a new leader that knows its predecessor's
 * rollouts. The mock has no Deployment controller: tests write the rollout's status themselves.
 */
class WorkloadRestartTest {
    private static final String DB = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: %s, namespace: %s}
            spec:
              selector: {matchLabels: {role: %s}}
              env: [{name: DB_PORT, value: "%s"}]
              restartWorkloads: %s
            """;
    /** Waiting this long without a restart covers several restart intervals (300 ms) and drift passes. */
    private static final long QUIET_MILLIS = 1500;

    private ControllerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ControllerFixture();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static String applied(String preset) {
        return AnnotationKeys.applied(PresetKind.NAMESPACED, preset);
    }

    /** Preset {@code name} for {@code role} pods, at the next generation (its first is 1). */
    private void preset(String namespace, String name, String role, String value, String policy) {
        f.cluster.apply(DB.formatted(name, namespace, role, value, policy));
    }

    private void preset(String namespace, String value, String policy) {
        preset(namespace, "db", "frontend", value, policy);
    }

    /** A Deployment whose rollout is complete, its ReplicaSet, and a pod stamped with {@code podAnnotations}. */
    private void deployment(String namespace, String name, String role, String templateEnv, Map<String, String> podAnnotations) {
        deployment(namespace, name, role, templateEnv, podAnnotations, List.of());
    }

    /** Such a Deployment whose pod template also has the containers {@code more} after api (a mesh's proxy, say). */
    private void deployment(String namespace, String name, String role, String templateEnv, Map<String, String> podAnnotations,
                            List<Container> more) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).addToLabels("role", role).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("x")
                .addAllToEnv(templateEnv == null ? List.of() : List.of(new EnvVar("DB_PORT", templateEnv, null)))
                .endContainer().addAllToContainers(more).endSpec().endTemplate().endSpec().build();
        d = f.client.apps().deployments().inNamespace(namespace).resource(d).create();
        rolledOut(namespace, name);
        f.client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder().withNewMetadata()
                .withNamespace(namespace).withName(name + "-rs").withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1").withKind("Deployment").withName(name).withUid(d.getMetadata().getUid())
                        .withController(true).build()).endMetadata().build()).create();
        ownedPod(namespace, name + "-1", role, "ReplicaSet", name + "-rs", podAnnotations);
    }

    private void deployment(String namespace, String name, String templateEnv, Map<String, String> podAnnotations) {
        deployment(namespace, name, "frontend", templateEnv, podAnnotations);
    }

    /** What the Deployment controller reports once every replica runs the current template. */
    private void rolledOut(String namespace, String name) {
        f.client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(1).withUpdatedReplicas(1)
                    .withAvailableReplicas(1).withReadyReplicas(1).build());
            return d;
        });
    }

    /** What the Deployment controller reports when a rollout did not progress within its deadline. */
    private void deadlineExceeded(String namespace, String name) {
        f.client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(2).withUpdatedReplicas(1)
                    .withAvailableReplicas(1).withReadyReplicas(1).withConditions(new DeploymentConditionBuilder()
                            .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded").build())
                    .build());
            return d;
        });
    }

    private void ownedPod(String namespace, String name, String role, String ownerKind, String owner,
                          Map<String, String> annotations) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("role", role).withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (owner != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(owner)
                    .withUid("u").withController(true).endOwnerReference().endMetadata();
        }
        f.client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    private Map<String, String> templateAnnotations(String namespace, String name) {
        Map<String, String> a = f.client.apps().deployments().inNamespace(namespace).withName(name).get().getSpec()
                .getTemplate().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private String restartedFor(String namespace, String name, String preset) {
        Map<String, String> a = f.client.apps().deployments().inNamespace(namespace).withName(name).get().getMetadata()
                .getAnnotations();
        return a == null ? null : a.get(AnnotationKeys.restartedFor(PresetKind.NAMESPACED, preset));
    }

    private String restartedFor(String namespace, String name) {
        return restartedFor(namespace, name, "db");
    }

    private List<Event> restartEvents(String namespace) {
        return f.events(namespace, "RestartedForPreset");
    }

    private static void quietly() throws InterruptedException {
        Thread.sleep(QUIET_MILLIS);
    }

    @Test
    void restartsOncePerGenerationAndNotAgainWhileNewPodsStillMissThePreset() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "StaleOrMissing");
        preset("team-a", "2", "StaleOrMissing"); // generation 2: the pod admitted with generation 1 is stale
        deployment("team-a", "web", null, Map.of(applied("db"), "1"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));

        await("a restart for generation 2", () -> "2".equals(restartedFor("team-a", "web")));
        String restartedAt = templateAnnotations("team-a", "web").get(AnnotationKeys.RESTARTED_AT);
        await("events on the Deployment and the preset", () -> restartEvents("team-a").size() == 2);

        // The rollout finishes, but the webhook was down: the new pod misses the preset altogether.
        f.deletePod("team-a", "web-1");
        ownedPod("team-a", "web-2", "frontend", "ReplicaSet", "web-rs", Map.of());
        rolledOut("team-a", "web");
        quietly();
        assertEquals(restartedAt, templateAnnotations("team-a", "web").get(AnnotationKeys.RESTARTED_AT),
                "no second restart for the same generation");
        assertEquals(2, restartEvents("team-a").size());

        preset("team-a", "3", "StaleOrMissing");
        await("a restart for generation 3", () -> "3".equals(restartedFor("team-a", "web")));
    }

    @Test
    void anAuditPresetRestartsNothingAndSwitchingItToEnforceRollsItsPodsOut() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        String audit = AnnotationKeys.audit(PresetKind.NAMESPACED, "db");
        String preset = """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a}
                spec:
                  mode: %s
                  selector: {matchLabels: {role: frontend}}
                  env: [{name: DB_PORT, value: "5432"}]
                  restartWorkloads: StaleOrMissing
                """;
        f.cluster.apply(preset.formatted("Audit"));
        deployment("team-a", "api", null, Map.of()); // admitted before the preset: missing
        deployment("team-a", "web", null, Map.of(audit, "1; would apply"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        PresetStatus audited = awaitValue("the audit counts", () -> f.status("team-a/db"), s -> s.getPods() != null
                && Long.valueOf(1).equals(s.getPods().getWouldApply()) && s.getPods().getMissing() == 1);
        assertNull(audited.condition(PresetCondition.RESTARTS_PAUSED), "an audit preset restarts nothing, so has no pause");
        quietly();
        assertNull(restartedFor("team-a", "api"), "an audit preset's missing pods are not restarted");
        assertNull(restartedFor("team-a", "web"));
        assertEquals(0, restartEvents("team-a").size());

        f.cluster.apply(preset.formatted("Enforce")); // generation 2: neither pod carries it
        awaitValue("both pods missing", () -> f.status("team-a/db"), s -> s.getPods() != null
                && Long.valueOf(2).equals(s.getObservedGeneration()) && s.getPods().getMissing() == 2
                && s.getPods().getWouldApply() == null);
        await("api restarted for generation 2", () -> "2".equals(restartedFor("team-a", "api")));
        rolledOut("team-a", "api");
        await("web restarted for generation 2", () -> "2".equals(restartedFor("team-a", "web")));
    }

    @Test
    void aContainerTheWebhookIsConfiguredToIgnoreDoesNotHoldARestartBack() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "Stale");
        preset("team-a", "2", "Stale");
        // envoy's own DB_PORT differs from the preset's: a conflict, unless the webhook leaves envoy alone.
        Container envoy = new ContainerBuilder().withName("envoy").withImage("envoy").addNewEnv().withName("DB_PORT")
                .withValue("15000").endEnv().build();
        deployment("team-a", "web", "frontend", null, Map.of(applied("db"), "1"), List.of(envoy));
        PresetController.Settings defaults = ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100));
        ControllerFixture.Running withDefaults = f.leader(defaults);
        quietly();
        assertNull(restartedFor("team-a", "web"), "with the default list, envoy receives the preset and conflicts");
        withDefaults.controller().close();

        f.leader(new PresetController.Settings(defaults.scope(), defaults.statusInterval(), defaults.restartInterval(),
                defaults.restartWorkloads(), defaults.rolloutTimeout(), defaults.workers(), defaults.writesPerSecond(),
                defaults.writeBurst(), IgnoredContainers.of(List.of("envoy"))));
        await("a restart once envoy is ignored", () -> "2".equals(restartedFor("team-a", "web")));
    }

    @Test
    void aPolicyChangeIsRecordedForItsOwnGenerationOnly() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "Never");
        preset("team-a", "2", "Never"); // generation 2 asks for no restart: the pod admitted with 1 stays stale
        deployment("team-a", "web", null, Map.of(applied("db"), "1"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        awaitValue("generation 2 reported", () -> f.status("team-a/db"), s -> s.getPods() != null
                && s.getPods().getStale() == 1 && Long.valueOf(2).equals(s.getObservedGeneration()));
        quietly();
        assertNull(restartedFor("team-a", "web"), "Never restarts nothing");

        preset("team-a", "2", "Stale"); // generation 3: the same env, now asking for restarts
        await("a restart", () -> restartedFor("team-a", "web") != null);
        quietly();
        assertEquals("3", restartedFor("team-a", "web"), "recorded for the generation that asked, not the one before");
        List<Event> onWorkload = restartEvents("team-a").stream()
                .filter(e -> "Deployment".equals(e.getInvolvedObject().getKind())).toList();
        assertEquals(1, onWorkload.size(), "one rollout for one change");
        assertTrue(onWorkload.get(0).getMessage().endsWith("PodPreset team-a/db generation 3"), onWorkload.get(0).getMessage());
    }

    @Test
    void notWhileThePodTemplateWouldConflict() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "Stale");
        preset("team-a", "2", "Stale");
        deployment("team-a", "web", "9999", Map.of(applied("db"), "1"));
        String before = f.client.apps().deployments().inNamespace("team-a").withName("web").get().getMetadata()
                .getResourceVersion();
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        quietly();
        assertEquals(before, f.client.apps().deployments().inNamespace("team-a").withName("web").get().getMetadata()
                .getResourceVersion());
        assertEquals(0, restartEvents("team-a").size());
    }

    @Test
    void neverBarePodsNorJobsNorInANamespaceThatDisabledRestartsNorWithPolicyNever() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        f.namespace("team-b", Map.of(), Map.of(AnnotationKeys.RESTART, "disabled"));
        f.namespace("team-c", Map.of(), Map.of());
        preset("team-a", "1", "StaleOrMissing");
        preset("team-a", "2", "StaleOrMissing");
        ownedPod("team-a", "bare", "frontend", null, null, Map.of(applied("db"), "1"));
        ownedPod("team-a", "nightly-x", "frontend", "Job", "nightly", Map.of(applied("db"), "1"));
        preset("team-b", "1", "StaleOrMissing");
        preset("team-b", "2", "StaleOrMissing");
        deployment("team-b", "web", null, Map.of(applied("db"), "1"));
        preset("team-c", "1", "Never");
        deployment("team-c", "web", null, Map.of());
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        quietly();
        assertNull(restartedFor("team-b", "web"));
        assertNull(restartedFor("team-c", "web"));
        assertEquals(0, restartEvents("team-a").size() + restartEvents("team-b").size() + restartEvents("team-c").size());
    }

    @Test
    void oneWorkloadRollsOutAtATime() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "Stale");
        preset("team-a", "2", "Stale");
        deployment("team-a", "api", null, Map.of(applied("db"), "1"));
        deployment("team-a", "web", null, Map.of(applied("db"), "1"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        await("the first restart", () -> "2".equals(restartedFor("team-a", "api")));
        // The mock has no Deployment controller: api's new generation stays unobserved, so it is still rolling out.
        quietly();
        assertNull(restartedFor("team-a", "web"), "no second rollout while the first is in progress");
        rolledOut("team-a", "api");
        await("the second restart once the first rolled out", () -> "2".equals(restartedFor("team-a", "web")));
    }

    @Test
    void aFailedRolloutPausesItsPresetsRestartsOnlyUntilTheGenerationChanges() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "db", "frontend", "1", "Stale");
        preset("team-a", "db", "frontend", "2", "Stale");
        deployment("team-a", "api", null, Map.of(applied("db"), "1"));
        deployment("team-a", "web", null, Map.of(applied("db"), "1"));
        f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));

        await("db restarts api first (namespace, kind, name order)", () -> "2".equals(restartedFor("team-a", "api")));
        deadlineExceeded("team-a", "api");
        PresetStatus paused = awaitValue("db's restarts paused", () -> f.status("team-a/db"), s -> {
            PresetCondition c = s.condition(PresetCondition.RESTARTS_PAUSED);
            return c != null && "True".equals(c.getStatus());
        });
        PresetCondition c = paused.condition(PresetCondition.RESTARTS_PAUSED);
        assertEquals("ProgressDeadlineExceeded", c.getReason());
        assertTrue(c.getMessage().startsWith("Deployment team-a/api, restarted for generation 2"), c.getMessage());
        await("a RestartsPaused event", () -> f.events("team-a", "RestartsPaused").size() == 1);

        // Another preset's workload: the failed rollout is over, not in progress, and holds it up no longer.
        preset("team-a", "cache", "backend", "1", "Stale");
        preset("team-a", "cache", "backend", "2", "Stale");
        deployment("team-a", "worker", "backend", null, Map.of(applied("cache"), "1"));
        await("cache restarts worker", () -> "2".equals(restartedFor("team-a", "worker", "cache")));
        rolledOut("team-a", "worker");
        quietly();
        assertNull(restartedFor("team-a", "web"), "nothing more is restarted for db");
        awaitValue("cache's restarts are allowed", () -> f.status("team-a/cache"), s -> s.condition(PresetCondition.RESTARTS_PAUSED) != null
                && "False".equals(s.condition(PresetCondition.RESTARTS_PAUSED).getStatus()));

        preset("team-a", "db", "frontend", "3", "Stale");
        await("restarts resume at generation 3", () -> "3".equals(restartedFor("team-a", "web"))
                || "3".equals(restartedFor("team-a", "api")));
        awaitValue("RestartsPaused=False", () -> f.status("team-a/db"),
                s -> "False".equals(s.condition(PresetCondition.RESTARTS_PAUSED).getStatus()));
        await("a RestartsResumed event", () -> f.events("team-a", "RestartsResumed").size() == 1);
    }

    @Test
    void aNewLeaderWaitsForARolloutItsPredecessorStarted() throws Exception {
        f.namespace("team-a", Map.of(), Map.of());
        preset("team-a", "1", "Stale");
        preset("team-a", "2", "Stale");
        // The former leader restarted api for generation 2 a minute ago; its rollout has not finished.
        String restartedAt = AnnotationValues.restartedAt(Instant.now().minusSeconds(60));
        deployment("team-a", "api", null, Map.of(applied("db"), "1"));
        f.client.apps().deployments().inNamespace("team-a").withName("api").edit(d -> {
            Map<String, String> annotations = new HashMap<>();
            annotations.put(AnnotationKeys.restartedFor(PresetKind.NAMESPACED, "db"), "2");
            d.getMetadata().setAnnotations(annotations);
            d.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(AnnotationKeys.RESTARTED_AT, restartedAt));
            return d;
        });
        ownedPod("team-a", "api-2", "frontend", "ReplicaSet", "api-rs",
                Map.of(applied("db"), "2", AnnotationKeys.RESTARTED_AT, restartedAt));
        deployment("team-a", "web", null, Map.of(applied("db"), "1"));

        ControllerFixture.Running leader = f.leader(ControllerFixture.settings(EVERY_POD, Duration.ofMillis(100)));
        awaitValue("the new leader's status", () -> f.status("team-a/db"), s -> s.getPods() != null
                && s.getPods().getStale() == 2);
        quietly();
        assertNull(restartedFor("team-a", "web"), "no restart while the predecessor's rollout is in progress");
        assertEquals(0, leader.restarts());
        rolledOut("team-a", "api");
        await("web restarted once api has rolled out", () -> "2".equals(restartedFor("team-a", "web")));
        assertEquals(restartedAt, templateAnnotations("team-a", "api").get(AnnotationKeys.RESTARTED_AT),
                "api is not restarted twice for one generation");
    }
}
