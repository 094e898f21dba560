package dev.podpreset.controller;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.podpreset.controller.ControllerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Opt-in restarts on the CRUD mock: once per generation, never unsafe, one rollout at a time. */
class WorkloadRestartTest {
    private static final String APPLIED = AnnotationKeys.applied(PresetKind.NAMESPACED, "db");
    private static final String RESTARTED_FOR = AnnotationKeys.restartedFor(PresetKind.NAMESPACED, "db");
    private static final Map<String, Map<String, String>> NAMESPACES = Map.of("team-a", Map.of(), "team-b", Map.of());
    private static final String DB = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: db, namespace: %s}
            spec:
              selector: {matchLabels: {role: frontend}}
              env: [{name: DB_PORT, value: "%s"}]
              restartWorkloads: %s
            """;
    /** Waiting this long without a restart covers several restart intervals (300 ms) and controller ticks. */
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

    /** A Deployment whose rollout is complete, its ReplicaSet, and pods stamped with {@code annotations}. */
    private void deployment(String namespace, String name, String templateEnv, Map<String, String> podAnnotations) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).addToLabels("role", "frontend").endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("x")
                .addAllToEnv(templateEnv == null ? List.of()
                        : List.of(new EnvVar("DB_PORT", templateEnv, null)))
                .endContainer().endSpec().endTemplate().endSpec().build();
        d = f.client.apps().deployments().inNamespace(namespace).resource(d).create();
        rolledOut(namespace, name);
        f.client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder().withNewMetadata()
                .withNamespace(namespace).withName(name + "-rs").withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1").withKind("Deployment").withName(name).withUid(d.getMetadata().getUid())
                        .withController(true).build()).endMetadata().build()).create();
        ownedPod(namespace, name + "-1", "ReplicaSet", name + "-rs", podAnnotations);
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

    private void ownedPod(String namespace, String name, String ownerKind, String owner, Map<String, String> annotations) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("role", "frontend").withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (owner != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(owner)
                    .withUid("u").withController(true).endOwnerReference().endMetadata();
        }
        f.client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    private Map<String, String> templateAnnotations(String namespace, String name) {
        return f.client.apps().deployments().inNamespace(namespace).withName(name).get().getSpec().getTemplate()
                .getMetadata().getAnnotations();
    }

    private String restartedFor(String namespace, String name) {
        Map<String, String> a = f.client.apps().deployments().inNamespace(namespace).withName(name).get().getMetadata()
                .getAnnotations();
        return a == null ? null : a.get(RESTARTED_FOR);
    }

    private void presetAt(String namespace, String value, String policy) {
        f.cluster.apply(DB.formatted(namespace, value, policy));
        f.publish(NAMESPACES, List.of(), namespace + "/db");
    }

    private void namespace(String name, Map<String, String> annotations) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata().build();
        f.client.namespaces().resource(ns).create();
    }

    private int restartEvents(String namespace) {
        return f.events(namespace, ControllerEvents.RESTARTED).size();
    }

    private static void quietly() throws InterruptedException {
        Thread.sleep(QUIET_MILLIS);
    }

    @Test
    void restartsOncePerGenerationAndNotAgainWhileNewPodsStillMissThePreset() throws Exception {
        namespace("team-a", Map.of());
        presetAt("team-a", "1", "StaleOrMissing");
        presetAt("team-a", "2", "StaleOrMissing"); // generation 2: the pod admitted with generation 1 is stale
        deployment("team-a", "web", null, Map.of(APPLIED, "1"));
        f.leader(ControllerFixture.settings(ControllerFixture.EVERY_POD, Duration.ofMillis(100)));

        await("a restart for generation 2", () -> "2".equals(restartedFor("team-a", "web")));
        Map<String, String> template = templateAnnotations("team-a", "web");
        String restartedAt = template.get(AnnotationKeys.RESTARTED_AT);
        await("events on the Deployment and the preset", () -> restartEvents("team-a") == 2);

        // The rollout finishes, but the webhook was down: the new pod misses the preset altogether.
        f.deletePod("team-a", "web-1");
        ownedPod("team-a", "web-2", "ReplicaSet", "web-rs", Map.of());
        rolledOut("team-a", "web");
        quietly();
        assertEquals(restartedAt, templateAnnotations("team-a", "web").get(AnnotationKeys.RESTARTED_AT),
                "no second restart for the same generation");
        assertEquals(2, restartEvents("team-a"));

        presetAt("team-a", "3", "StaleOrMissing");
        await("a restart for generation 3", () -> "3".equals(restartedFor("team-a", "web")));
    }

    @Test
    void notWhileThePodTemplateWouldConflict() throws Exception {
        namespace("team-a", Map.of());
        presetAt("team-a", "1", "Stale");
        presetAt("team-a", "2", "Stale");
        deployment("team-a", "web", "9999", Map.of(APPLIED, "1"));
        String before = f.client.apps().deployments().inNamespace("team-a").withName("web").get().getMetadata()
                .getResourceVersion();
        f.leader(ControllerFixture.settings(ControllerFixture.EVERY_POD, Duration.ofMillis(100)));
        quietly();
        assertEquals(before, f.client.apps().deployments().inNamespace("team-a").withName("web").get().getMetadata()
                .getResourceVersion());
        assertEquals(0, restartEvents("team-a"));
    }

    @Test
    void neverBarePodsNorJobsNorInANamespaceThatDisabledRestartsNorWithPolicyNever() throws Exception {
        namespace("team-a", Map.of());
        namespace("team-b", Map.of(AnnotationKeys.RESTART, "disabled"));
        presetAt("team-a", "1", "StaleOrMissing");
        presetAt("team-a", "2", "StaleOrMissing");
        ownedPod("team-a", "bare", null, null, Map.of(APPLIED, "1"));
        ownedPod("team-a", "nightly-x", "Job", "nightly", Map.of(APPLIED, "1"));
        presetAt("team-b", "1", "StaleOrMissing");
        presetAt("team-b", "2", "StaleOrMissing");
        deployment("team-b", "web", null, Map.of(APPLIED, "1"));
        f.publish(NAMESPACES, List.of(), "team-a/db", "team-b/db");
        f.cluster.apply(DB.formatted("team-c", "1", "Never"));
        f.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-c").endMetadata().build())
                .create();
        deployment("team-c", "web", null, Map.of());
        f.leader(ControllerFixture.settings(ControllerFixture.EVERY_POD, Duration.ofMillis(100)));
        quietly();
        assertNull(restartedFor("team-b", "web"));
        assertNull(restartedFor("team-c", "web"));
        assertEquals(0, restartEvents("team-a") + restartEvents("team-b") + restartEvents("team-c"));
    }

    @Test
    void oneWorkloadRollsOutAtATime() throws Exception {
        namespace("team-a", Map.of());
        presetAt("team-a", "1", "Stale");
        presetAt("team-a", "2", "Stale");
        deployment("team-a", "api", null, Map.of(APPLIED, "1"));
        deployment("team-a", "web", null, Map.of(APPLIED, "1"));
        f.leader(ControllerFixture.settings(ControllerFixture.EVERY_POD, Duration.ofMillis(100)));
        await("the first restart", () -> "2".equals(restartedFor("team-a", "api")));
        // The mock has no Deployment controller: api's new generation stays unobserved, so it is still rolling out.
        quietly();
        assertNull(restartedFor("team-a", "web"), "no second rollout while the first is in progress");
        rolledOut("team-a", "api");
        await("the second restart once the first rolled out", () -> "2".equals(restartedFor("team-a", "web")));
    }

}
