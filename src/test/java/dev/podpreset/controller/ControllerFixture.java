package dev.podpreset.controller;

import dev.podpreset.Await;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.sources.KubernetesSourceForTests;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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


/**
 * A mock cluster with our CRDs, the preset source the webhook and the controller share running against it, and
 * controllers started on it.
 */
final class ControllerFixture implements AutoCloseable {
    /** A webhook called for every pod. */
    static final WebhookScope EVERY_POD = new WebhookScope(Set.of(), null, null);
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    final ControllerCluster cluster;
    final KubernetesClient client;
    final PresetRegistry registry = new PresetRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    ControllerFixture() throws Exception {
        cluster = new ControllerCluster();
        client = cluster.client;
        closing.add(KubernetesSourceForTests.start(client, registry));
        await("the preset source", registry::synced);
    }

    /** Restarts allowed every 300 ms, rollouts failing after 10 minutes, a generous write budget. */
    static PresetController.Settings settings(WebhookScope scope, Duration statusInterval) {
        return settings(scope, statusInterval, Duration.ofMinutes(10));
    }

    static PresetController.Settings settings(WebhookScope scope, Duration statusInterval, Duration rolloutTimeout) {
        return new PresetController.Settings(scope, statusInterval, Duration.ofMillis(300), true, rolloutTimeout, 4,
                1000, 1000, IgnoredContainers.DEFAULT);
    }

    /** A controller and the meters it reports to. */
    record Running(PresetController controller, SimpleMeterRegistry meters) {
        double statusWrites() {
            return counter("podpreset_controller_status_writes_total");
        }

        double restarts() {
            return counter("podpreset_controller_restarts_total");
        }

        private double counter(String name) {
            Counter c = meters.find(name).counter();
            return c == null ? 0 : c.count();
        }
    }

    /** A started controller that leads (no election). */
    Running leader(PresetController.Settings settings) {
        Running r = controller(client, settings, "test");
        r.controller().leading(true);
        return r;
    }

    Running controller(KubernetesClient client, PresetController.Settings settings, String identity) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PresetController c = new PresetController(client, registry, settings, meters, Clock.systemUTC(), identity);
        closing.add(c);
        c.start();
        return new Running(c, meters);
    }

    void closeLater(AutoCloseable c) {
        closing.add(c);
    }

    void namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata().build()).createOr(existing -> existing.update());
    }

    /**
     * The status of "team-a/db" (a PodPreset) or "gpu" (a ClusterPodPreset); null when it has none. Read as a generic
     * resource, so that a preset with fields this version does not know can be read too.
     */
    PresetStatus status(String preset) {
        GenericKubernetesResource object = object(preset);
        Object status = object == null ? null : object.getAdditionalProperties().get("status");
        return status == null ? null : LENIENT.convertValue(status, PresetStatus.class);
    }

    long generation(String preset) {
        return object(preset).getMetadata().getGeneration();
    }

    private GenericKubernetesResource object(String preset) {
        return preset.contains("/")
                ? client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(PodPreset.class))
                .inNamespace(preset.split("/")[0]).withName(preset.split("/")[1]).get()
                : client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(ClusterPodPreset.class))
                .withName(preset).get();
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
        Await.until(what, Duration.ofSeconds(30), condition);
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
