package dev.podpreset.controller;

import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.sources.MockCluster;
import dev.podpreset.sources.MockClusterResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.podpreset.controller.ControllerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application with {@code podpreset.controller.enabled=true} beside the webhook, on the CRUD mock: it elects
 * itself leader, fires {@link LeadershipChanged} and writes the status of a preset the webhook's source loaded.
 */
@QuarkusTest
@TestProfile(ControllerQuarkusTest.ControllerEnabled.class)
class ControllerQuarkusTest {
    public static class ControllerEnabled implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MockClusterResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podpreset.source", "kubernetes", "podpreset.kubernetes-rebuild-delay", "20ms",
                    "podpreset.controller.enabled", "true", "podpreset.controller.status-interval", "200ms",
                    "podpreset.controller.lease-namespace", "podpreset-system",
                    "podpreset.controller.excluded-namespaces", "kube-system,podpreset-system");
        }
    }

    /** Records the leadership events other components start their leader-only work on. */
    @Singleton
    static class LeadershipEvents {
        final List<Boolean> seen = new CopyOnWriteArrayList<>();

        void on(@Observes LeadershipChanged event) {
            seen.add(event.leading());
        }
    }

    @Inject
    LeadershipEvents events;

    @Test
    void theControllerLeadsAndWritesStatus() {
        MockCluster cluster = MockClusterResource.cluster().start();
        try (KubernetesClient client = cluster.client()) {
            ControllerCluster.registerCrds(client);
            MockCluster.apply(client, """
                    apiVersion: podpreset.dev/v1alpha1
                    kind: PodPreset
                    metadata: {name: db, namespace: team-a}
                    spec: {env: [{name: DB_PORT, value: "5432"}]}
                    """);
            await("leadership", () -> events.seen.equals(List.of(true)));
            await("the status", () -> {
                PresetStatus s = client.resources(PodPreset.class).inNamespace("team-a").withName("db").get().getStatus();
                return s != null && s.condition(PresetCondition.READY) != null;
            });
            PresetStatus s = client.resources(PodPreset.class).inNamespace("team-a").withName("db").get().getStatus();
            assertEquals("True", s.condition(PresetCondition.READY).getStatus());
            assertEquals(1L, s.getObservedGeneration());
            assertTrue(client.leases().inNamespace("podpreset-system").withName("podpreset-controller").get()
                    .getSpec().getHolderIdentity().contains("_"));
        }
    }
}
