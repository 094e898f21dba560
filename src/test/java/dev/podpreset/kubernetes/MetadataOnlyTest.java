package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.podpreset.bench.ClusterShape;
import dev.podpreset.bench.SimulatedApiServer;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod informer through {@link MetadataOnly} against the simulated API server of the benchmarks, which answers
 * metadata-only lists as kube-apiserver does, or full objects only, as an API server without them (the fabric8 mock).
 */
class MetadataOnlyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClusterShape SHAPE = new ClusterShape(4, 8, 1200, 4);

    @Test
    void podsAreListedMetadataOnlyWhereTheApiServerOffersIt() throws Exception {
        HttpServer api = SimulatedApiServer.serve(SHAPE, true);
        try (KubernetesClient shared = client(api)) {
            List<Pod> pods = listed(MetadataOnly.client(shared, Set.of("/api/v1/pods")));
            assertEquals(1200, pods.size());
            for (Pod pod : pods) {
                assertNull(pod.getSpec(), "no spec in a metadata-only list");
                assertNull(pod.getStatus(), "no status in a metadata-only list");
                assertNotNull(pod.getMetadata().getLabels().get("app"));
                assertEquals("ReplicaSet", pod.getMetadata().getOwnerReferences().get(0).getKind());
            }
            JsonNode pages = stats(api);
            assertEquals(3, pages.path("metadataOnlyListPages").path("/api/v1/pods").asInt(), pages.toString());
            assertTrue(pages.path("fullListPages").path("/api/v1/pods").isMissingNode(), pages.toString());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void podsComeInFullFromAnApiServerWithoutMetadataOnlyLists() throws Exception {
        HttpServer api = SimulatedApiServer.serve(SHAPE, false);
        try (KubernetesClient shared = client(api)) {
            List<Pod> pods = listed(MetadataOnly.client(shared, Set.of("/api/v1/pods")));
            assertEquals(1200, pods.size());
            assertEquals("Running", pods.get(0).getStatus().getPhase());
            assertFalse(pods.get(0).getSpec().getContainers().isEmpty());
            assertEquals(3, stats(api).path("fullListPages").path("/api/v1/pods").asInt());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void onlyTheGivenCollectionsAreAskedForMetadataOnly() throws Exception {
        HttpServer api = SimulatedApiServer.serve(SHAPE, true);
        try (KubernetesClient shared = client(api)) {
            KubernetesClient metadata = MetadataOnly.client(shared, Set.of("/api/v1/pods"));
            SharedIndexInformer<Namespace> namespaces = metadata.namespaces().runnableInformer(0);
            namespaces.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(4, namespaces.getStore().list().size());
            namespaces.stop();
            assertEquals(1, stats(api).path("fullListPages").path("/api/v1/namespaces").asInt());
            // the shared client itself lists pods in full
            assertEquals("Running", shared.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(500L).build()).getItems().get(0).getStatus().getPhase());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aMetadataOnlyWatchEventReachesTheInformerAsItsType() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        api.setExecutor(Executors.newCachedThreadPool());
        List<String> accepts = new CopyOnWriteArrayList<>();
        api.createContext("/api/v1/pods", ex -> {
            accepts.add(ex.getRequestHeaders().getFirst("Accept"));
            boolean watch = ex.getRequestURI().getRawQuery().contains("watch=true");
            if (watch && ex.getRequestHeaders().containsKey("Upgrade")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            if (watch) {
                out.write(("{\"type\":\"ADDED\",\"object\":" + partial("b", "2") + "}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return; // stays open
            }
            out.write(("{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
                    + "\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[" + partial("a", "1") + "]}")
                    .getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        api.start();
        try (KubernetesClient shared = client(api)) {
            SharedIndexInformer<Pod> informer = MetadataOnly.client(shared, Set.of("/api/v1/pods")).pods().inAnyNamespace()
                    .runnableInformer(0);
            List<Pod> added = new CopyOnWriteArrayList<>();
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    added.add(pod);
                }

                @Override
                public void onUpdate(Pod before, Pod after) {
                }

                @Override
                public void onDelete(Pod pod, boolean unknownFinalState) {
                }
            });
            informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (added.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            informer.stop();
            assertEquals(List.of("a", "b"), added.stream().map(p -> p.getMetadata().getName()).toList());
            for (Object pod : informer.getStore().list()) {
                assertEquals(Pod.class, pod.getClass());
            }
            assertEquals("app-b", added.get(1).getMetadata().getLabels().get("app"));
            assertTrue(accepts.contains(MetadataOnly.WATCH), accepts.toString());
        } finally {
            api.stop(0);
        }
    }

    private static String partial(String name, String resourceVersion) {
        return "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"team\",\"uid\":\"uid-" + name + "\",\"resourceVersion\":\"" + resourceVersion
                + "\",\"labels\":{\"app\":\"app-" + name + "\"}}}";
    }

    private static KubernetesClient client(HttpServer api) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + api.getAddress().getPort()).build()).build();
    }

    /** What a paged pod informer (500 a page, as the controller's) caches once it has synced. */
    private static List<Pod> listed(KubernetesClient client) throws Exception {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withLimit(500L).runnableInformer(0);
        try {
            informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return informer.getStore().list();
        } finally {
            informer.stop();
        }
    }

    private static JsonNode stats(HttpServer api) throws Exception {
        return JSON.readTree(URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/bench/stats").toURL());
    }
}
