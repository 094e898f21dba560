package dev.podpreset.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violations;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.kubernetes.ApiServer;
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.kubernetes.ListWatch;
import dev.podpreset.kubernetes.PresetResources;
import dev.podpreset.kubernetes.Threads;
import dev.podpreset.kubernetes.WatchedRecords;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.OrderedWork;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;
import io.fabric8.kubernetes.client.Config;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Cluster mode, and the one preset source of the webhook and the controller: PodPresets (all namespaces),
 * ClusterPodPresets and Namespaces are listed and watched ({@link ListWatch}, on an HTTP client of the
 * application's Vert.x, through OpenSSL) into stores that keep only what the snapshot needs: each preset prepared
 * (or why it is invalid) once per generation, the status the API server has, and each namespace's name, labels
 * and annotations; a preset object is held only until the next rebuild has prepared it (all of them cached would
 * hold more heap than the prepared presets). Lists are read in pages, and the rebuilds that run while the first
 * lists arrive prepare what each page brought without publishing, so that its objects can be dropped before the
 * whole list is in; a page waits while more than a page of presets waits to be prepared. Every add, update or
 * delete schedules a rebuild of the {@link PresetSnapshot} (bursts within {@code podpreset.kubernetes-rebuild-delay}
 * make one rebuild), on its own thread: the watches deliver on theirs ({@code presets-watch}), which must not wait
 * for preparations.
 * Admissions read the published snapshot and never call the API server; the controller reads the same snapshot
 * and {@link PresetRegistry#observed}.
 *
 * <p>The registry is marked synced, and the injector becomes ready, only after all three collections have
 * been listed once. When a watch breaks, it is opened again (or the collection listed again) with back-off;
 * meanwhile the last snapshot keeps serving, and readiness stays up. Presets are read as JSON trees, so unknown
 * fields inside core types (newer API versions) reach the engine unchanged, and a field of our own spec that
 * this version does not know (a newer CRD's) makes that preset invalid for this version without breaking the
 * watch. A preset that cannot be prepared, for whatever reason, is left out alone: logged (WARN, "Not applied",
 * with its name and fields) once per version, listed in {@link PresetSnapshot#invalid()}, and never fails a
 * rebuild.
 */
@ApplicationScoped
public class KubernetesPresetSource {
    private static final Logger LOG = Logger.getLogger(KubernetesPresetSource.class);

    @Inject
    InjectorConfig config;
    @Inject
    PresetRegistry registry;
    @Inject
    Instance<Config> clusters;
    @Inject
    Vertx vertx;

    private Watching watching;

    void onStart(@Observes StartupEvent event) {
        if (PresetSources.effective(config) == InjectorConfig.Source.KUBERNETES) {
            try {
                watching = start(ApiServer.of(clusters.get()), vertx, registry, config.kubernetesRebuildDelay());
            } catch (IllegalArgumentException e) {
                // No server, or a CA or client certificate that cannot be read: never ready, and the log says why.
                LOG.errorf("Presets cannot be watched: %s", e.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watching != null) {
            watching.close();
        }
    }

    /** Starts the watches; returns at once (readiness tells when they have synced). */
    static Watching start(ApiServer server, Vertx vertx, PresetRegistry registry, Duration rebuildDelay) {
        Watching w = new Watching(server, vertx, registry, rebuildDelay);
        w.start();
        return w;
    }

    /** The running watches and the cache of prepared presets. */
    static final class Watching implements AutoCloseable {
        /** Reads what the API server sends; fields of a newer version in a status are ignored, never fatal. */
        private static final ObjectMapper JSON = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        private final ApiServer server;
        private final HttpClient http;
        private final PresetRegistry registry;
        private final long delayMillis;
        private final ScheduledExecutorService rebuilder = Threads.scheduler("presets-rebuild");
        private final ScheduledExecutorService watcher = Threads.scheduler("presets-watch");
        private final AtomicBoolean rebuildPending = new AtomicBoolean();
        private final WatchedRecords<Cached> podPresetStore = presetStore();
        private final WatchedRecords<Cached> clusterPodPresetStore = presetStore();
        private final WatchedRecords<NamespaceMetadata> namespaceStore =
                new WatchedRecords<>((previous, ns) -> PresetDirectory.namespace(ns));
        private final List<ListWatch> watches = new ArrayList<>();
        /**
         * Set by the first publication. Before it, rebuilds wait for every collection; after it, every
         * rebuild publishes what the stores hold, also while a watch is being re-established.
         */
        private volatile boolean synced;

        /**
         * What is kept of one version of a preset object: the object until it is prepared ({@code pending}),
         * then the prepared preset or why it is invalid; and the status the API server has.
         */
        private record Cached(String namespace, String name, String uid, Long generation, String resourceVersion,
                              ObjectNode pending, PreparedPreset preset, InvalidPreset invalid,
                              PresetStatus status) {
            static Cached arrived(ObjectNode r) {
                JsonNode m = r.path("metadata");
                if (m instanceof ObjectNode metadata) {
                    // Who wrote which field: often as large as the spec, and read by nothing here (client-go's
                    // informers drop it with a transform too).
                    metadata.remove("managedFields");
                }
                JsonNode generation = m.path("generation");
                return new Cached(text(m, "namespace"), text(m, "name"), text(m, "uid"),
                        generation.canConvertToLong() ? generation.asLong() : null, text(m, "resourceVersion"),
                        r, null, null, status(r));
            }

            Cached prepared(PreparedPreset preset, InvalidPreset invalid) {
                return new Cached(namespace, name, uid, generation, resourceVersion, null, preset, invalid, status);
            }

            /**
             * Whether this version has the spec of {@code earlier}, prepared already: the same object at the same
             * generation, which moves with every change outside metadata and status. A status write, a label or
             * an annotation changes the resourceVersion only; the preset is not prepared again for it.
             */
            boolean sameSpecAs(Cached earlier) {
                return earlier.pending() == null && uid != null && uid.equals(earlier.uid())
                        && generation != null && generation.equals(earlier.generation());
            }

            /** The status the API server has, taken off the object: it is the controller's, not the author's. */
            private static PresetStatus status(ObjectNode r) {
                JsonNode status = r.remove("status");
                if (status == null || status.isNull()) {
                    return null;
                }
                try {
                    return JSON.treeToValue(status, PresetStatus.class);
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    return null; // not ours to read; the controller writes a new one
                }
            }
        }

        Watching(ApiServer server, Vertx vertx, PresetRegistry registry, Duration rebuildDelay) {
            this.server = server;
            this.http = ListWatch.client(vertx, server);
            this.registry = registry;
            this.delayMillis = Math.max(0, rebuildDelay.toMillis());
        }

        void start() {
            registry.observeWith(this::observed);
            watch(PresetResources.collectionPath(PresetKind.NAMESPACED), "podpresets", podPresetStore,
                    () -> unprepared(podPresetStore) > Informers.LIST_PAGE);
            watch(PresetResources.collectionPath(PresetKind.CLUSTER), "clusterpodpresets", clusterPodPresetStore,
                    () -> unprepared(clusterPodPresetStore) > Informers.LIST_PAGE);
            watch("/api/v1/namespaces", "namespaces", namespaceStore, () -> false);
        }

        /**
         * Watches {@code path} into {@code store}; {@code behind} tells when its presets wait to be prepared by more
         * than a page, so that a list's next page waits for them instead of piling up trees on the heap.
         */
        private void watch(String path, String what, ListWatch.Sink store, BooleanSupplier behind) {
            ListWatch watch = new ListWatch(http, server, path, what, JSON, store, this::requestRebuild, behind, watcher);
            watches.add(watch);
            watch.start();
        }

        private static long unprepared(WatchedRecords<Cached> store) {
            return store.records().stream().filter(c -> c.pending() != null).count();
        }

        boolean allSynced() {
            return watches.stream().allMatch(ListWatch::hasSynced);
        }

        /** The preset object of {@code key} as the store holds it. */
        private Optional<ObservedPreset> observed(PresetKey key) {
            Cached c = key.kind() == PresetKind.CLUSTER ? clusterPodPresetStore.record(key.name())
                    : podPresetStore.record(key.namespace() + "/" + key.name());
            return c == null ? Optional.empty() : Optional.of(new ObservedPreset(c.uid(), c.status()));
        }

        private void requestRebuild() {
            if (rebuildPending.compareAndSet(false, true)) {
                try {
                    // Before the first publication nothing is served: what a page brought is prepared at once.
                    rebuilder.schedule(this::rebuild, synced ? delayMillis : 0, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    rebuildPending.set(false); // shutting down
                }
            }
        }

        private void rebuild() {
            rebuildPending.set(false);
            try {
                if (!synced && !allSynced()) {
                    // Pages of the first lists. What a page brought is prepared while the next page is listed, so
                    // that its objects need not wait for the whole list; the end of the last list publishes.
                    prepareAll(podPresetStore, PresetKind.NAMESPACED, ignored -> { });
                    prepareAll(clusterPodPresetStore, PresetKind.CLUSTER, ignored -> { });
                    return;
                }
                List<PreparedPreset> presets = new ArrayList<>();
                List<InvalidPreset> invalid = new ArrayList<>();
                prepareAll(podPresetStore, PresetKind.NAMESPACED, p -> add(p, presets, invalid));
                prepareAll(clusterPodPresetStore, PresetKind.CLUSTER, p -> add(p, presets, invalid));
                Map<String, NamespaceMetadata> namespaces = new HashMap<>();
                for (NamespaceMetadata ns : namespaceStore.records()) {
                    namespaces.put(ns.name(), ns);
                }
                registry.publish(new PresetSnapshot(presets, namespaces, invalid));
                if (!synced) {
                    synced = true;
                    registry.markSynced();
                    LOG.infof("Presets synced from the cluster: %d presets (%d invalid, not applied), %d namespaces",
                            presets.size(), invalid.size(), namespaces.size());
                }
            } catch (RuntimeException e) {
                // Keep the last snapshot; the next event tries again.
                LOG.error("Cannot rebuild the presets snapshot", e);
            }
        }

        /**
         * Prepares what arrived since the last rebuild (dropping the objects), on every processor, and hands every
         * preset of {@code store}, prepared, to {@code each} in the cache's order.
         */
        private void prepareAll(WatchedRecords<Cached> store, PresetKind kind, Consumer<Cached> each) {
            OrderedWork steps = new OrderedWork();
            for (Map.Entry<String, Cached> e : store.entries()) {
                Cached p = e.getValue();
                if (p.pending() != null) {
                    steps.submit(() -> prepare(p, kind), prepared -> {
                        store.replace(e.getKey(), p, prepared);
                        each.accept(prepared);
                    });
                } else {
                    steps.then(() -> each.accept(p));
                }
            }
            steps.finish();
        }

        private static void add(Cached p, List<PreparedPreset> presets, List<InvalidPreset> invalid) {
            if (p.preset() != null) {
                presets.add(p.preset());
            } else {
                invalid.add(p.invalid());
            }
        }

        /**
         * A preset cache that keeps a version already seen (listed again after a watch broke) as it is, and the
         * prepared spec of a new version whose spec did not change.
         */
        private static WatchedRecords<Cached> presetStore() {
            return new WatchedRecords<>((previous, r) -> {
                String version = text(r.path("metadata"), "resourceVersion");
                if (previous != null && version != null && version.equals(previous.resourceVersion())) {
                    return previous;
                }
                Cached arrived = Cached.arrived(r);
                return previous != null && arrived.sameSpecAs(previous)
                        ? arrived.prepared(previous.preset(), previous.invalid()) : arrived;
            });
        }

        private static String text(JsonNode parent, String field) {
            JsonNode value = parent.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        /** Prepares one version of a preset; whatever is wrong with it, only it is left out (logged once). */
        private Cached prepare(Cached arrived, PresetKind kind) {
            String version = arrived.resourceVersion();
            try {
                return arrived.prepared(PresetDocuments.prepare(PresetResources.listItem(arrived.pending(), kind)), null);
            } catch (InvalidDocumentException e) {
                LOG.warnf("Not applied: %s (resourceVersion %s)", e.getMessage(), version);
                return arrived.prepared(null, e.preset());
            } catch (RuntimeException e) {
                InvalidPreset unusable = new InvalidPreset(
                        kind, arrived.namespace(), arrived.name(),
                        arrived.generation() == null ? "" : arrived.generation().toString(),
                        new Violations().invalid("document", "cannot be read (" + e.getClass().getSimpleName() + ")").list());
                LOG.warnf(e, "Not applied: %s (resourceVersion %s)", unusable.message(), version);
                return arrived.prepared(null, unusable);
            }
        }

        @Override
        public void close() {
            watches.forEach(ListWatch::close);
            watcher.shutdown();
            rebuilder.shutdownNow();
            http.close();
        }
    }
}
