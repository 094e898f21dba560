package dev.podpreset.controller;

import dev.podpreset.api.PresetStatus;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.podpreset.controller.ControllerFixture.await;
import static dev.podpreset.controller.ControllerFixture.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Two controller instances, each with its own client, compete for one Lease on the mock. */
class LeaderFailoverTest {
    private static final LeaderElection.Timing FAST = new LeaderElection.Timing(Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(200));

    private record Instance(ControllerFixture.Running controller, LeaderElection election, List<Boolean> changes) {
    }

    private static Instance instance(ControllerFixture f, KubernetesClient client, String identity) {
        ControllerFixture.Running controller = f.controller(client, ControllerFixture.settings(ControllerFixture.EVERY_POD,
                Duration.ofMillis(100)), identity);
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        LeaderElection election = new LeaderElection(client, "podpreset-system", "podpreset-controller", identity, FAST,
                leading -> {
                    changes.add(leading);
                    controller.controller().leading(leading);
                });
        f.closeLater(election);
        election.start();
        return new Instance(controller, election, changes);
    }

    @Test
    void theFollowerTakesOverWhenTheLeaderStopsAndOnlyOneLeadsAtATime() throws Exception {
        try (ControllerFixture f = new ControllerFixture();
             KubernetesClient secondClient = f.cluster.cluster.client()) {
            f.namespace("team-a", Map.of(), Map.of());
            f.cluster.apply("""
                    apiVersion: podpreset.dev/v1alpha1
                    kind: PodPreset
                    metadata: {name: db, namespace: team-a}
                    spec: {env: [{name: A, value: "1"}]}
                    """);
            Instance a = instance(f, f.client, "a");
            await("a leads", () -> a.election().leading());
            Instance b = instance(f, secondClient, "b");
            awaitValue("status from a", () -> f.status("team-a/db"), s -> s.getPods() != null);
            Thread.sleep(1000);
            assertFalse(b.election().leading(), "b must not lead while a renews the Lease");
            assertEquals(0, b.controller().statusWrites());
            assertEquals("a", lease(f).getSpec().getHolderIdentity());

            a.election().close();
            assertEquals(List.of(true, false), a.changes(), "a heard that it leads, then that it stopped");
            await("b takes over", () -> b.changes().equals(List.of(true)));
            assertEquals("b", lease(f).getSpec().getHolderIdentity());

            f.pod("team-a", "p", Map.of(), Map.of(AnnotationKeys.applied(PresetKind.NAMESPACED, "db"), "1"));
            PresetStatus s = awaitValue("status from b", () -> f.status("team-a/db"), x -> x.getPods().getCurrent() == 1);
            assertEquals(1, s.getPods().getMatched());
            await("b's writes counted", () -> b.controller().statusWrites() >= 1);
        }
    }

    @Test
    void aLeaderThatLosesTheLeaseKeepsRunningAndCompetesAgain() throws Exception {
        try (ControllerFixture f = new ControllerFixture()) {
            Instance a = instance(f, f.client, "a");
            await("a leads", () -> a.election().leading());
            // Another holder takes the Lease over (as after a long pause of a): a must step down, not exit.
            await("the Lease taken over", () -> {
                try {
                    f.client.leases().inNamespace("podpreset-system").withName("podpreset-controller").edit(l -> {
                        l.getSpec().setHolderIdentity("intruder");
                        l.getSpec().setLeaseDurationSeconds(3);
                        l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                        return l;
                    });
                    return true;
                } catch (KubernetesClientException conflictWithARenewal) {
                    return false;
                }
            });
            await("a steps down", () -> !a.election().leading());
            await("a leads again once the intruder's Lease expires",
                    () -> a.changes().equals(List.of(true, false, true)));
        }
    }

    private static Lease lease(ControllerFixture f) {
        return f.client.leases().inNamespace("podpreset-system").withName("podpreset-controller").get();
    }
}
