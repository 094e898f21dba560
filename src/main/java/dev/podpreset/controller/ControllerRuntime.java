package dev.podpreset.controller;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.sources.PresetRegistry;
import dev.podpreset.sources.PresetSources;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts the controller component when {@code podpreset.controller.enabled} is true: the informers and drift passes
 * on every replica, and leader election; fires {@link LeadershipChanged} for the leader-only work of other
 * components. Off by default, so the webhook Deployment stays stateless.
 */
@ApplicationScoped
public class ControllerRuntime {
    @Inject
    InjectorConfig config;
    @Inject
    PresetRegistry registry;
    @Inject
    Instance<KubernetesClient> clients;
    @Inject
    MeterRegistry meters;
    @Inject
    Event<LeadershipChanged> leadership;

    private PresetController controller;
    private LeaderElection election;

    void onStart(@Observes StartupEvent event) {
        InjectorConfig.Controller c = config.controller();
        if (!c.enabled()) {
            return;
        }
        if (PresetSources.effective(config) != InjectorConfig.Source.KUBERNETES) {
            throw new IllegalStateException("podpreset.controller.enabled=true needs presets from the cluster"
                    + " (podpreset.source=kubernetes, or auto without podpreset.presets-dir): status is written there");
        }
        KubernetesClient client = clients.get();
        String identity = identity();
        controller = new PresetController(client, registry, settings(config, client), meters, Clock.systemUTC(), identity);
        controller.start();
        String namespace = c.leaseNamespace().or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        election = new LeaderElection(client, namespace, c.leaseName(), identity,
                new LeaderElection.Timing(c.leaseDuration(), c.leaseRenewDeadline(), c.leaseRetryPeriod()),
                leading -> {
                    controller.leading(leading);
                    leadership.fire(new LeadershipChanged(leading));
                });
        election.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (election != null) {
            election.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    static PresetController.Settings settings(InjectorConfig config, KubernetesClient client) {
        InjectorConfig.Controller c = config.controller();
        return new PresetController.Settings(scope(c, client), c.statusInterval(), c.restartInterval(),
                c.restartWorkloads(), c.rolloutTimeout(), c.workers(), c.writesPerSecond(), c.writeBurst(),
                IgnoredContainers.configured(config.injection().ignoredContainers()));
    }

    /**
     * The webhook's scope as the chart configures it, so that the controller counts exactly the pods the webhook
     * is called for; what is not configured is the chart's default (namespaces opt in, the system namespaces and
     * the release's own are excluded).
     */
    static WebhookScope scope(InjectorConfig.Controller c, KubernetesClient client) {
        LabelSelector namespaces = selector(c.namespaceSelector(), client, "namespace-selector")
                .orElse(WebhookScope.DEFAULT_NAMESPACE_SELECTOR);
        LabelSelector objects = selector(c.objectSelector(), client, "object-selector")
                .orElse(WebhookScope.DEFAULT_OBJECT_SELECTOR);
        return c.excludedNamespaces().isPresent()
                ? new WebhookScope(new LinkedHashSet<>(c.excludedNamespaces().get()), namespaces, objects)
                : WebhookScope.forRelease(Optional.ofNullable(System.getenv("POD_NAMESPACE"))
                        .orElse(WebhookScope.DEFAULT_RELEASE_NAMESPACE), namespaces, objects);
    }

    private static Optional<LabelSelector> selector(Optional<String> json, KubernetesClient client, String key) {
        if (json.isEmpty() || json.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(client.getKubernetesSerialization().unmarshal(json.get(), LabelSelector.class));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("podpreset.controller." + key + " is not a LabelSelector in JSON: "
                    + e.getMessage(), e);
        }
    }

    /** The pod name (HOSTNAME) plus a random part, so that two processes on one host never share an identity. */
    private static String identity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "podpreset";
            }
        }
        return host + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
