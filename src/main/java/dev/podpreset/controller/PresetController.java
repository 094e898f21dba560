package dev.podpreset.controller;

import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.RestartWorkloads;
import dev.podpreset.drift.DriftCounter;
import dev.podpreset.drift.PodRecord;
import dev.podpreset.drift.PresetDrift;
import dev.podpreset.drift.PresetKey;
import dev.podpreset.drift.PresetStatuses;
import dev.podpreset.drift.RestartPlanner;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.kubernetes.SlimItemStore;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.sources.PresetRegistry;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controller loop. Informers keep slim caches of pods (and ReplicaSets, when restarts are allowed) and of the
 * preset objects' status; every replica tallies drift from them on a short tick when something changed (the
 * preset snapshot, a pod, a preset object) and exports it as metrics. The leader also writes each preset's
 * status when it differs from what the API server has, at most once per preset per status interval, and hands
 * restart requests to the {@link WorkloadRestarter}. All decisions are the pure ones of {@code dev.podpreset.drift}.
 */
final class PresetController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PresetController.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);
    private static final Duration MIN_TICK = Duration.ofMillis(50);

    /** What the controller does and how often. */
    record Settings(WebhookScope scope, Duration statusInterval, Duration restartInterval, boolean restartWorkloads) {
    }

    private final KubernetesClient client;
    private final PresetRegistry registry;
    private final Settings settings;
    private final Clock clock;
    private final ControllerMetrics metrics;
    private final ControllerEvents events;
    private final StatusWriter statusWriter;
    private final WorkloadRestarter restarter;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final SlimItemStore<Pod, PodRecord> pods = PodRecords.podStore();
    private final SlimItemStore<ReplicaSet, PodRecords.ReplicaSetOwner> replicaSets = PodRecords.replicaSetStore();
    private final SlimItemStore<PodPreset, PresetObject> podPresets =
            new SlimItemStore<>(PresetObject::of, PresetObject::podPreset);
    private final SlimItemStore<ClusterPodPreset, PresetObject> clusterPodPresets =
            new SlimItemStore<>(PresetObject::of, PresetObject::clusterPodPreset);
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    /** Loop thread only. */
    private final Map<PresetKey, Instant> lastWrite = new HashMap<>();
    private PresetSnapshot lastSnapshot;
    private Instant nextDue = Instant.MAX;
    private volatile boolean leading;
    /** Status writes made; for tests of coalescing. */
    volatile long writes;

    PresetController(KubernetesClient client, PresetRegistry registry, Settings settings, MeterRegistry meters,
                     Clock clock, String identity) {
        this.client = client;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new ControllerMetrics(meters);
        this.events = new ControllerEvents(client, clock, identity);
        this.statusWriter = new StatusWriter(client);
        this.restarter = new WorkloadRestarter(client, events, clock, settings.restartInterval());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "podpreset-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the informers and the loop; returns at once. */
    void start() {
        // Terminal pods never count: a real API server leaves them out of the list and the watch.
        inform(client.pods().inAnyNamespace().withoutField("status.phase", "Succeeded")
                .withoutField("status.phase", "Failed").withLimit(500L).runnableInformer(0), pods, "pods");
        inform(client.resources(PodPreset.class).inAnyNamespace().runnableInformer(0), podPresets, "podpresets");
        inform(client.resources(ClusterPodPreset.class).runnableInformer(0), clusterPodPresets, "clusterpodpresets");
        if (settings.restartWorkloads()) {
            inform(client.apps().replicaSets().inAnyNamespace().withLimit(500L).runnableInformer(0), replicaSets,
                    "replicasets");
        }
        long tick = Math.max(MIN_TICK.toMillis(), Math.min(MAX_TICK.toMillis(), settings.statusInterval().toMillis() / 2));
        loop.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private <T extends HasMetadata> void inform(SharedIndexInformer<T> informer, SlimItemStore<T, ?> store, String what) {
        informer.itemStore(store);
        informer.addEventHandler(new Changes<>());
        informer.exceptionHandler((started, t) -> {
            LOG.warnf("Controller informer for %s: %s; retrying", what, t.toString());
            return true;
        });
        informers.add(informer);
        informer.start().whenComplete((ok, t) -> {
            if (t == null) {
                LOG.infof("Controller informer for %s has synced (%d objects)", what, store.size());
            }
            dirty.set(true);
        });
    }

    boolean synced() {
        return registry.synced() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Called by leader election; the new leader writes what differs at once. */
    void leading(boolean nowLeading) {
        leading = nowLeading;
        metrics.leading(nowLeading);
        dirty.set(true);
    }

    private void tick() {
        try {
            PresetSnapshot snapshot = registry.current();
            boolean due = !Instant.now(clock).isBefore(nextDue);
            if (!dirty.getAndSet(false) && snapshot == lastSnapshot && !due) {
                return;
            }
            if (!synced()) {
                dirty.set(true);
                return;
            }
            lastSnapshot = snapshot;
            reconcile(snapshot);
        } catch (RuntimeException e) {
            // The next change or the next due write tries again.
            LOG.error("Controller reconcile failed", e);
            dirty.set(true);
        }
    }

    private void reconcile(PresetSnapshot snapshot) {
        Map<PresetKey, PresetDrift> drift = DriftCounter.count(snapshot, settings.scope(), pods.records(),
                key -> settings.restartWorkloads() && RestartPlanner.restarts(policy(key)));
        metrics.update(drift);
        nextDue = Instant.MAX;
        if (!leading) {
            return;
        }
        writeStatuses(snapshot, drift);
        if (settings.restartWorkloads() && restarter.restartOne(restartRequests(snapshot, drift), snapshot)) {
            // Waiting on the rate limit or a rollout: come back without a change to wake us.
            Instant again = Instant.now(clock).plus(settings.restartInterval());
            nextDue = again.isBefore(nextDue) ? again : nextDue;
        }
    }

    private void writeStatuses(PresetSnapshot snapshot, Map<PresetKey, PresetDrift> drift) {
        Instant now = Instant.now(clock);
        Set<PresetKey> seen = new HashSet<>();
        for (PreparedPreset p : snapshot.presets()) {
            PresetKey key = PresetKey.of(p);
            PresetObject object = object(key, p.uid());
            if (object != null) {
                seen.add(key);
                write(object, PresetStatuses.valid(generation(p.generation()), drift.get(key), object.status(), now), now);
            }
        }
        for (InvalidPreset invalid : snapshot.invalid()) {
            PresetKey key = new PresetKey(invalid.kind(), invalid.namespace(), invalid.name());
            PresetObject object = object(key, null);
            if (object != null) {
                seen.add(key);
                write(object, PresetStatuses.invalid(generation(invalid.generation()), invalid.violations(),
                        object.status(), now), now);
            }
        }
        lastWrite.keySet().retainAll(seen);
    }

    /** The preset object as the API server has it; null when unknown, or recreated since the snapshot was built. */
    private PresetObject object(PresetKey key, String uid) {
        SlimItemStore<?, PresetObject> store = key.namespace() == null ? clusterPodPresets : podPresets;
        PresetObject object = store.record(key.namespace() == null ? key.name() : key.namespace() + "/" + key.name());
        return object == null || (uid != null && !uid.isEmpty() && !uid.equals(object.uid())) ? null : object;
    }

    private void write(PresetObject object, PresetStatus desired, Instant now) {
        if (desired.equals(object.status())) {
            return;
        }
        PresetKey key = object.key();
        Instant last = lastWrite.get(key);
        if (last != null && now.isBefore(last.plus(settings.statusInterval()))) {
            Instant due = last.plus(settings.statusInterval());
            nextDue = due.isBefore(nextDue) ? due : nextDue;
            return;
        }
        try {
            if (!statusWriter.write(key, desired)) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cannot write the status of %s: %s", key.displayName(), e.getMessage());
            lastWrite.put(key, now);
            nextDue = now.plus(settings.statusInterval()).isBefore(nextDue) ? now.plus(settings.statusInterval()) : nextDue;
            return;
        }
        writes++;
        lastWrite.put(key, now);
        String transition = PresetStatuses.transition(object.status(), desired);
        if (transition != null) {
            boolean invalid = transition.equals(PresetStatuses.INVALID);
            events.onPreset(key, object.uid(), invalid ? "Warning" : "Normal",
                    invalid ? ControllerEvents.INVALID : ControllerEvents.VALID,
                    invalid ? "Invalid, not applied to pods: " + desired.condition("Ready").getMessage()
                            : "Valid again at generation " + desired.getObservedGeneration());
        }
    }

    private List<WorkloadRestarter.Request> restartRequests(PresetSnapshot snapshot, Map<PresetKey, PresetDrift> drift) {
        Map<WorkloadRef, List<PreparedPreset>> byWorkload = new LinkedHashMap<>();
        for (PreparedPreset p : snapshot.presets()) {
            PresetKey key = PresetKey.of(p);
            for (WorkloadRef w : RestartPlanner.candidates(policy(key), drift.get(key), this::replicaSetOwner)) {
                byWorkload.computeIfAbsent(w, x -> new ArrayList<>()).add(p);
            }
        }
        List<WorkloadRestarter.Request> out = new ArrayList<>();
        byWorkload.forEach((w, presets) -> out.add(new WorkloadRestarter.Request(w, presets)));
        return out;
    }

    private WorkloadRef replicaSetOwner(WorkloadRef replicaSet) {
        PodRecords.ReplicaSetOwner rs = replicaSets.record(replicaSet.namespace() + "/" + replicaSet.name());
        return rs == null || rs.owner() == null ? null
                : new WorkloadRef(rs.owner().kind(), replicaSet.namespace(), rs.owner().name());
    }

    private RestartWorkloads policy(PresetKey key) {
        PresetObject object = object(key, null);
        return object == null ? RestartWorkloads.Never : object.restartWorkloads();
    }

    private static Long generation(String text) {
        return text == null || text.isEmpty() ? null : Long.valueOf(text);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        informers.forEach(SharedIndexInformer::stop);
    }

    private final class Changes<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            dirty.set(true);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            dirty.set(true);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            dirty.set(true);
        }
    }
}
