package dev.podpreset.controller;

import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.podpreset.controller.ControllerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Leadership holds while the application's client is slowed down: its Vert.x event loop, which carries every
 * request and watch of that client, is kept busy longer than a Lease lasts, as decoding a list of 100,000 pods on
 * a loaded machine kept it. A rival replica on a healthy client waits for the Lease to expire. The Lease has a
 * client and a thread of its own, so the leader keeps renewing and the rival never takes over; fabric8's elector on
 * the slowed client itself, against the same kind of rival, loses its Lease (the control that shows the load
 * would cost leadership).
 */
class LeaseUnderLoadTest {
    private static final LeaderElection.Timing FAST = new LeaderElection.Timing(Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(200));
    private static final String NAMESPACE = "podpreset-system";

    /** fabric8's elector on {@code client} for Lease {@code name}, as {@code identity}; it records what it hears. */
    private static CompletableFuture<?> elector(KubernetesClient client, String name, String identity, List<Boolean> heard) {
        return client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(name).withLock(new LeaseLock(NAMESPACE, name, identity))
                .withLeaseDuration(FAST.leaseDuration()).withRenewDeadline(FAST.renewDeadline())
                .withRetryPeriod(FAST.retryPeriod())
                .withLeaderCallbacks(new LeaderCallbacks(() -> heard.add(true), () -> heard.add(false), id -> { }))
                .build()).build().start();
    }

    private static String holder(KubernetesClient client, String lease) {
        return client.leases().inNamespace(NAMESPACE).withName(lease).get().getSpec().getHolderIdentity();
    }

    @Test
    void aSlowedEventLoopOfTheSharedClientDoesNotCostTheLease() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(1_000_000));
        try (MockCluster cluster = new MockCluster().start();
             KubernetesClient healthy = cluster.client();
             KubernetesClient shared = new KubernetesClientBuilder().withConfig(healthy.getConfiguration())
                     .withHttpClientFactory(new VertxHttpClientFactory(vertx)).build()) {
            List<Boolean> ours = new CopyOnWriteArrayList<>();
            List<Boolean> rival = new CopyOnWriteArrayList<>();
            List<Boolean> control = new CopyOnWriteArrayList<>();
            List<Boolean> controlRival = new CopyOnWriteArrayList<>();
            try (LeaderElection election = new LeaderElection(shared, NAMESPACE, "podpreset-controller", "ours", FAST,
                    ours::add)) {
                election.start();
                CompletableFuture<?> onSharedClient = elector(shared, "control", "control", control);
                await("both lead", () -> ours.equals(List.of(true)) && control.equals(List.of(true)));
                try (LeaderElection rivalElection = new LeaderElection(healthy, NAMESPACE, "podpreset-controller", "rival",
                        FAST, rival::add)) {
                    rivalElection.start();
                    CompletableFuture<?> controlRivalElector = elector(healthy, "control", "control-rival", controlRival);

                    // From now on the shared client's event loop is blocked 2.5 s at a time, longer than a Lease.
                    long slowing = vertx.setPeriodic(100, id -> sleep(2500));
                    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (System.nanoTime() < until) {
                        Thread.sleep(200);
                        assertEquals(List.of(true), ours, "the leader never stepped down");
                        assertEquals(List.of(), rival, "the rival never led");
                    }
                    assertEquals("ours", holder(healthy, "podpreset-controller"));
                    await("the control, on the slowed client, lost its Lease to its rival",
                            () -> "control-rival".equals(holder(healthy, "control")) && controlRival.equals(List.of(true)));
                    vertx.cancelTimer(slowing);
                    controlRivalElector.cancel(true);
                }
                onSharedClient.cancel(true);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
