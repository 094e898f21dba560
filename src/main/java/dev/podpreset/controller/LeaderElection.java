package dev.podpreset.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import dev.podpreset.kubernetes.Threads;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Leader election over a coordination.k8s.io Lease with fabric8's {@code LeaderElector}. The Lease is renewed on a
 * thread of its own, through a client of its own (its own connections and event loop): the application's client
 * also carries every informer, whose stores fabric8 updates on that client's event loop, and a renewal waiting
 * behind a long list would let the Lease expire under load. The listener hears of changes on another thread, so
 * that what it starts never delays a renewal either.
 *
 * <p>A replica that loses the Lease tells its listener, becomes a candidate again and keeps running (never
 * {@code System.exit}: the webhook may share the process). On {@link #close()} a leader releases the Lease so that a
 * follower takes over at once, and its listener hears {@code false} before the call returns.
 */
final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    /** Lease timing: how long a Lease lasts, how long a leader tries to renew, how often candidates try. */
    record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final Consumer<Boolean> listener;
    private final ScheduledExecutorService lease = Threads.scheduler("podpreset-lease");
    private final ScheduledExecutorService notifier = Threads.scheduler("podpreset-leadership");
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;

    /** @param shared the application's client: the election builds its own from its configuration */
    LeaderElection(KubernetesClient shared, String namespace, String leaseName, String identity, Timing timing,
                   Consumer<Boolean> listener) {
        this.client = new KubernetesClientBuilder().withConfig(shared.getConfiguration()).build();
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timing = timing;
        this.listener = listener;
    }

    /** Starts competing for the Lease; returns at once. */
    void start() {
        LOG.infof("Competing for Lease %s/%s as %s", namespace, leaseName, identity);
        compete();
    }

    boolean leading() {
        return leading.get();
    }

    private synchronized void compete() {
        if (closed) {
            return;
        }
        // An elector is single-use: each round of candidacy gets a new one.
        running = new LeaderElectorBuilder(client, lease).withConfig(new LeaderElectionConfigBuilder()
                        .withName(leaseName)
                        .withLock(new LeaseLock(namespace, leaseName, identity))
                        .withLeaseDuration(timing.leaseDuration())
                        .withRenewDeadline(timing.renewDeadline())
                        .withRetryPeriod(timing.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> changed(true), () -> changed(false),
                                leader -> LOG.infof("Lease %s/%s is held by %s", namespace, leaseName, leader)))
                        .build())
                .build()
                .start();
        running.whenComplete((ok, error) -> {
            if (error != null && !closed) {
                LOG.warnf("Leader election stopped: %s; competing again", error.toString());
            }
            changed(false);
            compete();
        });
    }

    private void changed(boolean nowLeading) {
        if (leading.compareAndSet(!nowLeading, nowLeading)) {
            LOG.infof(nowLeading ? "Leading (Lease %s/%s)" : "No longer leading (Lease %s/%s)", namespace, leaseName);
            if (!notifier.isShutdown()) {
                notifier.execute(() -> listener.accept(nowLeading));
            }
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            closed = true;
            current = running;
        }
        if (current != null) {
            current.cancel(true);
        }
        changed(false);
        notifier.shutdown();
        try {
            // The listener hears false before close returns.
            notifier.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.shutdownNow();
        client.close();
    }
}
