package dev.podpreset.controller;

import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;

/** Runs the controller as {@link ControllerRuntime} does, for tests outside this package (the RBAC test). */
public final class ControllerForTests {
    private ControllerForTests() {
    }

    /**
     * The controller on {@code registry} (a started preset source), counting every pod, restarting workloads if
     * {@code restartWorkloads}, with rollouts failing fast, leading through Lease {@code leaseName} in
     * {@code namespace} until closed.
     */
    public static AutoCloseable lead(KubernetesClient client, PresetRegistry registry, boolean restartWorkloads,
                                     String namespace, String leaseName) {
        PresetController controller = new PresetController(client, registry, new PresetController.Settings(
                ControllerFixture.EVERY_POD, Duration.ofMillis(100), Duration.ofMillis(200), restartWorkloads,
                Duration.ofMillis(500), 2, 1000, 1000, IgnoredContainers.DEFAULT), new SimpleMeterRegistry(), Clock.systemUTC(),
                "rbac-test");
        controller.start();
        LeaderElection election = new LeaderElection(client, namespace, leaseName, "rbac-test",
                new LeaderElection.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100)),
                controller::leading);
        election.start();
        return () -> {
            election.close();
            controller.close();
        };
    }

    /** Registers our CRDs, as the build generated them, so that the CRUD mock serves {@code /status}. */
    public static void registerCrds(KubernetesClient client) {
        ControllerCluster.registerCrds(client);
    }
}
