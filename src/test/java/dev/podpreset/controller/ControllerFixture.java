package dev.podpreset.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.sources.PresetRegistry;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** A mock cluster, a registry the test publishes snapshots into, and controllers running against them. */
final class ControllerFixture implements AutoCloseable {
    final ControllerCluster cluster;
    final KubernetesClient client;
    final PresetRegistry registry = new PresetRegistry();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    ControllerFixture() throws IOException {
        cluster = new ControllerCluster();
        client = cluster.client;
        registry.markSynced();
    }

    /** A webhook called for every pod. */
    static final WebhookScope EVERY_POD = new WebhookScope(Set.of(), null, null);

    static PresetController.Settings settings(WebhookScope scope, Duration statusInterval) {
        return new PresetController.Settings(scope, statusInterval, Duration.ofMillis(300), true);
    }

    /** A started controller that leads (no election). */
    PresetController leader(PresetController.Settings settings) {
        PresetController c = controller(client, settings, "test");
        c.leading(true);
        return c;
    }

    PresetController controller(KubernetesClient client, PresetController.Settings settings, String identity) {
        PresetController c = new PresetController(client, registry, settings, meters, Clock.systemUTC(), identity);
        closing.add(c);
        c.start();
        return c;
    }

    void closeLater(AutoCloseable c) {
        closing.add(c);
    }

    /** Publishes a snapshot of these presets as the API server has them now, and these namespaces' labels. */
    void publish(Map<String, Map<String, String>> namespaceLabels, List<InvalidPreset> invalid, String... presets) {
        List<PreparedPreset> prepared = new ArrayList<>();
        for (String p : presets) {
            prepared.add(PresetDocuments.prepare(current(p)));
        }
        Map<String, NamespaceMetadata> namespaces = new HashMap<>();
        namespaceLabels.forEach((name, labels) -> namespaces.put(name, new NamespaceMetadata(name, labels, Map.of())));
        registry.publish(new PresetSnapshot(prepared, namespaces, invalid));
    }

    /** "team-a/db" is a PodPreset, "gpu" a ClusterPodPreset. */
    JsonNode current(String preset) {
        Object object = preset.contains("/")
                ? client.resources(PodPreset.class).inNamespace(preset.split("/")[0]).withName(preset.split("/")[1]).get()
                : client.resources(ClusterPodPreset.class).withName(preset).get();
        JsonNode doc = client.getKubernetesSerialization().convertValue(object, JsonNode.class);
        ((ObjectNode) doc).remove("status");
        return doc;
    }

    PresetStatus status(String preset) {
        return preset.contains("/")
                ? client.resources(PodPreset.class).inNamespace(preset.split("/")[0]).withName(preset.split("/")[1]).get().getStatus()
                : client.resources(ClusterPodPreset.class).withName(preset).get().getStatus();
    }

    long generation(String preset) {
        return current(preset).path("metadata").path("generation").asLong();
    }

    static InvalidPreset invalid(String namespace, String name, long generation, Violation... violations) {
        return new InvalidPreset(namespace == null ? PresetKind.CLUSTER : PresetKind.NAMESPACED, namespace, name,
                Long.toString(generation), List.of(violations));
    }

    void pod(String namespace, String name, Map<String, String> labels, Map<String, String> annotations) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("x").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    List<Event> events(String namespace, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static <T> T awaitValue(String what, Supplier<T> value, Predicate<T> ok) {
        Object[] last = new Object[1];
        await(what, () -> {
            T v = value.get();
            last[0] = v;
            return v != null && ok.test(v);
        });
        @SuppressWarnings("unchecked")
        T result = (T) last[0];
        return result;
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        cluster.close();
    }
}
