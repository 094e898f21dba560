package dev.podpreset.sources;

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
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.kubernetes.PresetResources;
import dev.podpreset.kubernetes.SlimItemStore;
import dev.podpreset.kubernetes.Threads;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.OrderedWork;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Cluster mode, and the one preset source of the webhook and the controller: PodPresets (all namespaces),
 * ClusterPodPresets and Namespaces are watched by fabric8 informers whose caches keep only what the snapshot
 * needs: each preset prepared (or why it is invalid) once per generation, the status the API server has, and
 * each namespace's name, labels and annotations; a preset object is held only until the next rebuild has prepared it (all of them
 * cached would hold more heap than the prepared presets). Lists are read in pages, and the rebuilds that run while
 * the first lists arrive prepare what each page brought without publishing, so that its objects can be dropped
 * before the whole list is in. Every add, update or delete schedules a rebuild of
 * the {@link PresetSnapshot} (bursts within {@code podpreset.kubernetes-rebuild-delay} make one rebuild), on
 * its own thread: the informers deliver on the client's event loop, which must not wait for preparations.
 * Admissions read the published snapshot and never call the API server; the controller reads the same snapshot
 * and {@link PresetRegistry#observed}.
 *
 * <p>The registry is marked synced, and the injector becomes ready, only after all three informers have
 * listed once. When a watch breaks, fabric8 re-lists and re-watches with back-off; meanwhile the last
 * snapshot keeps serving, and readiness stays up. Presets are read as generic resources, so unknown
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
    Instance<KubernetesClient> clients;

    private Watching watching;

    void onStart(@Observes StartupEvent event) {
        if (PresetSources.effective(config) == InjectorConfig.Source.KUBERNETES) {
            watching = start(clients.get(), registry, config.kubernetesRebuildDelay());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watching != null) {
            watching.close();
        }
    }

    /** Starts the informers; returns at once (readiness tells when they have synced). */
    static Watching start(KubernetesClient client, PresetRegistry registry, Duration rebuildDelay) {
        Watching w = new Watching(client, registry, rebuildDelay);
        w.start();
        return w;
    }

    /** The running informers and the cache of prepared presets. */
    static final class Watching implements AutoCloseable {
        /** Reads the status a controller wrote; fields of a newer version are ignored, never fatal. */
        private static final ObjectMapper STATUS = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        private final KubernetesClient client;
        private final PresetRegistry registry;
        private final long delayMillis;
        private final ScheduledExecutorService rebuilder = Threads.scheduler("presets-rebuild");
        private final AtomicBoolean rebuildPending = new AtomicBoolean();
        private final AtomicInteger started = new AtomicInteger();
        private final SlimItemStore<GenericKubernetesResource, Cached> podPresetStore = presetStore();
        private final SlimItemStore<GenericKubernetesResource, Cached> clusterPodPresetStore = presetStore();
        private final SlimItemStore<Namespace, NamespaceMetadata> namespaceStore = new SlimItemStore<>(
                ns -> NamespaceMetadata.of(ns.getMetadata().getName(), ns.getMetadata().getLabels(), ns.getMetadata().getAnnotations()),
                m -> new NamespaceBuilder().withNewMetadata().withName(m.name()).endMetadata().build());
        private SharedIndexInformer<GenericKubernetesResource> podPresets;
        private SharedIndexInformer<GenericKubernetesResource> clusterPodPresets;
        private SharedIndexInformer<Namespace> namespaces;
        /**
         * Set by the first publication. Before it, rebuilds wait for every informer; after it, every
         * rebuild publishes what the caches hold, also while a watch is being re-established.
         */
        private boolean synced;

        /**
         * What is kept of one version of a preset object: the object until it is prepared ({@code pending}),
         * then the prepared preset or why it is invalid; and the status the API server has.
         */
        private record Cached(String namespace, String name, String uid, Long generation, String resourceVersion,
                              GenericKubernetesResource pending, PreparedPreset preset, InvalidPreset invalid,
                              PresetStatus status) {
            static Cached arrived(GenericKubernetesResource r) {
                ObjectMeta m = r.getMetadata();
                return new Cached(m.getNamespace(), m.getName(), m.getUid(), m.getGeneration(), m.getResourceVersion(), r,
                        null, null, status(r));
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

            private static PresetStatus status(GenericKubernetesResource r) {
                Object status = r.getAdditionalProperties().get("status");
                if (status == null) {
                    return null;
                }
                try {
                    return STATUS.convertValue(status, PresetStatus.class);
                } catch (IllegalArgumentException e) {
                    return null; // not ours to read; the controller writes a new one
                }
            }
        }

        Watching(KubernetesClient client, PresetRegistry registry, Duration rebuildDelay) {
            this.client = client;
            this.registry = registry;
            this.delayMillis = Math.max(0, rebuildDelay.toMillis());
        }

        void start() {
            registry.observeWith(this::observed);
            podPresets = client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED)).inAnyNamespace()
                    .withLimit(Informers.LIST_PAGE).runnableInformer(0);
            podPresets.itemStore(podPresetStore);
            clusterPodPresets = client.genericKubernetesResources(PresetResources.of(PresetKind.CLUSTER))
                    .withLimit(Informers.LIST_PAGE).runnableInformer(0);
            clusterPodPresets.itemStore(clusterPodPresetStore);
            namespaces = client.namespaces().withLimit(Informers.LIST_PAGE).runnableInformer(0);
            namespaces.itemStore(namespaceStore);
            start(podPresets, "podpresets");
            start(clusterPodPresets, "clusterpodpresets");
            start(namespaces, "namespaces");
        }

        private <T extends HasMetadata> void start(SharedIndexInformer<T> informer, String what) {
            Informers.start(informer, what, Informers.onAnyChange(this::requestRebuild)).whenComplete((ok, t) -> {
                if (t == null) {
                    started.incrementAndGet();
                }
                requestRebuild();
            });
        }

        private List<SharedIndexInformer<? extends HasMetadata>> informers() {
            return List.of(podPresets, clusterPodPresets, namespaces);
        }

        boolean allSynced() {
            return informers().stream().allMatch(SharedIndexInformer::hasSynced);
        }

        /** The preset object of {@code key} as the informer holds it. */
        private Optional<ObservedPreset> observed(PresetKey key) {
            Cached c = key.kind() == PresetKind.CLUSTER ? clusterPodPresetStore.record(key.name())
                    : podPresetStore.record(key.namespace() + "/" + key.name());
            return c == null ? Optional.empty() : Optional.of(new ObservedPreset(c.uid(), c.status()));
        }

        private void requestRebuild() {
            if (rebuildPending.compareAndSet(false, true)) {
                try {
                    rebuilder.schedule(this::rebuild, delayMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    rebuildPending.set(false); // shutting down
                }
            }
        }

        private void rebuild() {
            rebuildPending.set(false);
            try {
                if (!synced && !allSynced()) {
                    // Events of the initial lists. What a page brought is prepared while the next page is listed,
                    // so that its objects need not wait for the whole list; the last informer to sync schedules the
                    // first publication.
                    prepareAll(podPresetStore, PresetKind.NAMESPACED, ignored -> { });
                    prepareAll(clusterPodPresetStore, PresetKind.CLUSTER, ignored -> { });
                    if (started.get() == informers().size()) {
                        // All lists done but not yet visible as synced: look again shortly.
                        rebuilder.schedule(this::requestRebuild, 50, TimeUnit.MILLISECONDS);
                    }
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
        private void prepareAll(SlimItemStore<?, Cached> store, PresetKind kind, Consumer<Cached> each) {
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
        private static SlimItemStore<GenericKubernetesResource, Cached> presetStore() {
            return SlimItemStore.reusing((previous, r) -> {
                String version = r.getMetadata().getResourceVersion();
                if (previous != null && version != null && version.equals(previous.resourceVersion())) {
                    return previous;
                }
                Cached arrived = Cached.arrived(r);
                return previous != null && arrived.sameSpecAs(previous)
                        ? arrived.prepared(previous.preset(), previous.invalid()) : arrived;
            }, c -> c.pending() != null ? c.pending() : new GenericKubernetesResourceBuilder().withNewMetadata()
                    .withNamespace(c.namespace()).withName(c.name()).withResourceVersion(c.resourceVersion()).endMetadata().build());
        }

        /** Prepares one version of a preset; whatever is wrong with it, only it is left out (logged once). */
        private Cached prepare(Cached arrived, PresetKind kind) {
            String version = arrived.resourceVersion();
            try {
                JsonNode doc = client.getKubernetesSerialization().convertValue(
                        PresetResources.listItem(arrived.pending(), kind), JsonNode.class);
                if (doc instanceof ObjectNode o) {
                    o.remove("status"); // the controller's, not the author's
                }
                return arrived.prepared(PresetDocuments.prepare(doc), null);
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
            for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[]{podPresets, clusterPodPresets, namespaces}) {
                if (informer != null) {
                    informer.stop();
                }
            }
            rebuilder.shutdownNow();
        }
    }
}
