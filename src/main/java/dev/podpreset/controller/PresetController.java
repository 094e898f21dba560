package dev.podpreset.controller;

import dev.podpreset.drift.DriftCounter;
import dev.podpreset.drift.PodRecord;
import dev.podpreset.drift.PresetDrift;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.kubernetes.EventRecorder;
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.kubernetes.MetadataOnly;
import dev.podpreset.kubernetes.SlimItemStore;
import dev.podpreset.kubernetes.Threads;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The controller, built as Kubernetes controllers are (kubernetes/sample-controller): informers keep slim caches of
 * pods (and ReplicaSets, when restarts are allowed); the presets come from the one preset source the webhook serves
 * from ({@link PresetRegistry}). A change of either only asks for a drift pass, which tallies every pod against the
 * snapshot on its own thread (at most one pass at a time, coalesced), exports the counts as metrics on every replica
 * and, on the leader, queues the keys of the presets whose decisions may have changed. Workers take keys from a
 * rate-limited {@link WorkQueue}, one key at a time each, and reconcile them ({@link PresetReconciler}): a failure
 * backs the key off, a status held back by the interval or a rollout to wait for queues it again later. The
 * workers bound the writes in flight; a {@link WriteBudget} bounds the writes per second. All decisions are the
 * pure ones of {@code dev.podpreset.drift}.
 */
final class PresetController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PresetController.class);
    /** The collections the informers list and watch, metadata only. */
    static final String PODS = "/api/v1/pods";
    static final String REPLICA_SETS = "/apis/apps/v1/replicasets";
    /** A drift pass runs at most this often: a storm of pod events makes one pass per gap. */
    private static final Duration MIN_PASS_GAP = Duration.ofMillis(200);
    /** The first back-off of a key whose reconcile failed; it doubles up to the maximum. */
    private static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /**
     * What the controller does and how fast.
     *
     * @param scope            the webhook's scope: only pods it is called for count
     * @param restartWorkloads whether this controller may restart workloads at all
     * @param rolloutTimeout   how long a restarted workload may take to become available before its rollout counts
     *                         as failed
     * @param workers          keys reconciled at once, hence status writes in flight at most
     * @param writesPerSecond  the write budget's rate
     * @param writeBurst       the write budget's burst
     * @param ignored          the webhook's ignored containers ({@code podpreset.injection.ignored-containers}), so
     *                         that restart decisions run the engine on pod templates as admission runs it
     */
    record Settings(WebhookScope scope, Duration statusInterval, Duration restartInterval, boolean restartWorkloads,
                    Duration rolloutTimeout, int workers, double writesPerSecond, int writeBurst, IgnoredContainers ignored) {
    }

    private final KubernetesClient client;
    private final PresetRegistry registry;
    private final Settings settings;
    private final Clock clock;
    private final ControllerMetrics metrics;
    private final WorkQueue<PresetKey> queue = new WorkQueue<>(BASE_BACKOFF, MAX_BACKOFF);
    private final WorkloadRestarter restarter;
    private final PresetReconciler reconciler;
    private final ScheduledExecutorService passes = Threads.scheduler("podpreset-drift");
    private final ExecutorService workers;
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private final AtomicReference<Tally> tally = new AtomicReference<>(Tally.EMPTY);
    private final SlimItemStore<Pod, PodRecord> pods = PodRecords.podStore();
    private final SlimItemStore<ReplicaSet, PodRecords.ReplicaSetOwner> replicaSets = PodRecords.replicaSetStore();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private Runnable stopListening = () -> { };
    private volatile long lastPass;
    private volatile boolean leading;
    /** Set on becoming leader: the next pass queues every preset, not only the changed ones. */
    private final AtomicBoolean queueAll = new AtomicBoolean();

    PresetController(KubernetesClient client, PresetRegistry registry, Settings settings, MeterRegistry meters,
                     Clock clock, String identity) {
        this.client = client;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new ControllerMetrics(meters);
        ControllerEvents events = new ControllerEvents(new EventRecorder(client, clock, "controller", identity));
        WriteBudget budget = new WriteBudget(settings.writesPerSecond(), settings.writeBurst());
        this.restarter = new WorkloadRestarter(client, events, metrics, budget, clock, settings.restartInterval(),
                settings.rolloutTimeout(), this::recentlyRestarted, queue::add, settings.ignored());
        this.reconciler = new PresetReconciler(registry, new StatusWriter(client), restarter, budget, events, metrics,
                clock, settings.statusInterval(), settings.restartWorkloads());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread t = new Thread(r, "podpreset-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the informers, the drift passes and the workers; returns at once. */
    void start() {
        // Terminal pods never count: a real API server leaves them out of the list and the watch. Only metadata is
        // asked for, where the API server offers it: everything the caches keep is metadata.
        KubernetesClient metadata = MetadataOnly.client(client, Set.of(PODS, REPLICA_SETS));
        inform(metadata.pods().inAnyNamespace().withoutField("status.phase", "Succeeded")
                .withoutField("status.phase", "Failed").withLimit(Informers.LIST_PAGE).runnableInformer(0), pods, "pods");
        if (settings.restartWorkloads()) {
            inform(metadata.apps().replicaSets().inAnyNamespace().withLimit(Informers.LIST_PAGE).runnableInformer(0), replicaSets,
                    "replicasets");
        }
        stopListening = registry.onPublish(s -> requestPass());
        for (int i = 0; i < settings.workers(); i++) {
            workers.execute(this::work);
        }
        requestPass();
    }

    private <T extends HasMetadata> void inform(SharedIndexInformer<T> informer, SlimItemStore<T, ?> store, String what) {
        informer.itemStore(store);
        informers.add(informer);
        Informers.start(informer, what, Informers.onAnyChange(this::requestPass)).whenComplete((ok, t) -> requestPass());
    }

    boolean synced() {
        return registry.synced() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Called by leader election. A new leader reconciles every preset; a former one stops writing at once. */
    void leading(boolean nowLeading) {
        if (nowLeading) {
            restarter.newTerm();
            queueAll.set(true);
        }
        leading = nowLeading;
        metrics.leading(nowLeading);
        requestPass();
    }

    /** Asks for a drift pass: one runs soon, and passes asked for meanwhile fold into it. */
    private void requestPass() {
        if (passRequested.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPass + MIN_PASS_GAP.toMillis() - System.currentTimeMillis());
            try {
                passes.schedule(this::pass, wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                passRequested.set(false); // shutting down
            }
        }
    }

    /** Tallies every pod against the current snapshot, exports it, and queues what changed. */
    private void pass() {
        passRequested.set(false);
        lastPass = System.currentTimeMillis();
        try {
            if (!synced()) {
                passes.schedule(this::requestPass, 100, TimeUnit.MILLISECONDS);
                return;
            }
            Tally next = tally(registry.current());
            metrics.update(next.drift());
            Tally before = tally.getAndSet(next);
            if (leading) {
                (queueAll.getAndSet(false) ? next.keys() : next.changedSince(before)).forEach(queue::add);
            }
        } catch (RuntimeException e) {
            LOG.error("Drift pass failed; the next change tries again", e);
        }
    }

    private Tally tally(PresetSnapshot snapshot) {
        Map<PresetKey, PreparedPreset> presets = new HashMap<>();
        snapshot.presets().forEach(p -> presets.put(PresetKey.of(p), p));
        Map<PresetKey, InvalidPreset> invalid = new HashMap<>();
        snapshot.invalid().forEach(i -> invalid.put(i.key(), i));
        Map<PresetKey, PresetDrift> drift = DriftCounter.count(snapshot, settings.scope(), pods.records(),
                key -> restarts(presets.get(key)));
        Map<PresetKey, Set<WorkloadRef>> candidates = new HashMap<>();
        presets.forEach((key, p) -> {
            if (restarts(p)) {
                candidates.put(key, RestartPlanner.candidates(p.restartWorkloads(), drift.get(key), this::replicaSetOwner));
            }
        });
        return new Tally(snapshot, Map.copyOf(presets), Map.copyOf(invalid), drift, candidates);
    }

    private boolean restarts(PreparedPreset preset) {
        return settings.restartWorkloads() && preset != null && RestartPlanner.restarts(preset.restartWorkloads());
    }

    private WorkloadRef replicaSetOwner(WorkloadRef replicaSet) {
        PodRecords.ReplicaSetOwner rs = replicaSets.record(replicaSet.namespace() + "/" + replicaSet.name());
        return rs == null || rs.owner() == null ? null
                : new WorkloadRef(rs.owner().kind(), replicaSet.namespace(), rs.owner().name());
    }

    /** The restartable workloads whose pods carry a {@code restartedAt} younger than the rollout timeout. */
    private Set<WorkloadRef> recentlyRestarted() {
        Instant since = clock.instant().minus(settings.rolloutTimeout());
        Set<WorkloadRef> out = new HashSet<>();
        for (PodRecord pod : pods.records()) {
            Optional<Instant> at = AnnotationValues.restartedAt(pod.annotations().get(AnnotationKeys.RESTARTED_AT));
            if (at.isPresent() && at.get().isAfter(since) && pod.owner() != null) {
                WorkloadRef owner = new WorkloadRef(pod.owner().kind(), pod.namespace(), pod.owner().name());
                WorkloadRef workload = "ReplicaSet".equals(owner.kind()) ? replicaSetOwner(owner) : owner;
                if (workload != null && RestartPlanner.RESTARTABLE.contains(workload.kind())) {
                    out.add(workload);
                }
            }
        }
        return out;
    }

    /** A worker: takes a key, reconciles it against the latest tally, and hands it back. */
    private void work() {
        try {
            Optional<PresetKey> next;
            while ((next = queue.take()).isPresent()) {
                PresetKey key = next.get();
                try {
                    if (leading) {
                        Duration again = reconciler.reconcile(key, tally.get());
                        queue.forget(key);
                        if (again != null) {
                            queue.addAfter(key, again);
                        }
                    }
                } catch (RuntimeException e) {
                    Duration backOff = queue.addRateLimited(key);
                    LOG.warnf("Reconciling %s failed (%d in a row), retried in %s: %s%s", key.displayName(),
                            queue.failures(key), backOff, e.getMessage(),
                            e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        queue.shutDown();
        workers.shutdownNow();
        passes.shutdownNow();
        informers.forEach(SharedIndexInformer::stop);
        stopListening.run();
    }
}
