package dev.podpreset.controller;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's scope is the webhook's: configured as the chart configures the webhook, else its defaults; and its
 * restart decisions leave the containers alone that the webhook leaves alone.
 */
class ControllerScopeTest {
    private static final Map<String, String> OPTED_IN = Map.of("podpreset.dev/injection", "enabled");

    /** A controller configuration with only these keys set (method name to value). */
    private static InjectorConfig.Controller config(Map<String, Object> set) {
        return configured(InjectorConfig.Controller.class, set);
    }

    /** A configuration group with only these keys set (method name to value), the others empty. */
    private static <T> T configured(Class<T> group, Map<String, Object> set) {
        return group.cast(Proxy.newProxyInstance(group.getClassLoader(), new Class<?>[] {group}, (proxy, method, args) ->
                set.containsKey(method.getName()) ? set.get(method.getName()) : Optional.empty()));
    }

    @Test
    void restartDecisionsSeeTheContainersTheWebhookIgnores() {
        InjectorConfig.Controller controller = config(Map.of("statusInterval", Duration.ofSeconds(10),
                "restartInterval", Duration.ofSeconds(30), "restartWorkloads", true, "rolloutTimeout", Duration.ofMinutes(10),
                "workers", 8, "writesPerSecond", 200.0, "writeBurst", 200));
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            InjectorConfig envoy = configured(InjectorConfig.class, Map.of("controller", controller, "injection",
                    configured(InjectorConfig.Injection.class, Map.of("ignoredContainers", Optional.of(List.of("envoy"))))));
            assertEquals(IgnoredContainers.of(List.of("envoy")), ControllerRuntime.settings(envoy, client).ignored());
            InjectorConfig none = configured(InjectorConfig.class, Map.of("controller", controller, "injection",
                    configured(InjectorConfig.Injection.class, Map.of())));
            assertEquals(IgnoredContainers.of(List.of()), ControllerRuntime.settings(none, client).ignored(),
                    "set empty, the list is empty, as the webhook reads it");
        }
    }

    @Test
    void unconfiguredItIsTheChartsDefaultScope() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            WebhookScope scope = ControllerRuntime.scope(config(Map.of()), client);
            assertFalse(scope.decide("team-a", Map.of(), Map.of()).called(), "namespaces opt in");
            assertTrue(scope.decide("team-a", OPTED_IN, Map.of()).called());
            assertFalse(scope.decide("team-a", OPTED_IN, Map.of("podpreset.dev/injection", "disabled")).called(),
                    "a pod opts out");
            assertFalse(scope.decide("kube-system", OPTED_IN, Map.of()).called());
            assertEquals(WebhookScope.chartDefaults(WebhookScope.DEFAULT_RELEASE_NAMESPACE).excludedNamespaces(),
                    scope.excludedNamespaces());
        }
    }

    @Test
    void configuredItIsWhatTheChartGivesTheWebhook() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            WebhookScope scope = ControllerRuntime.scope(config(Map.of(
                    "namespaceSelector", Optional.of("{\"matchExpressions\":[{\"key\":\"kubernetes.io/metadata.name\","
                            + "\"operator\":\"In\",\"values\":[\"team-a\"]}]}"),
                    "objectSelector", Optional.of("{}"),
                    "excludedNamespaces", Optional.of(List.of("kube-system", "ops")))), client);
            assertTrue(scope.decide("team-a", Map.of(), Map.of("podpreset.dev/injection", "disabled")).called(),
                    "the namespace name label is implied; an empty objectSelector selects every pod");
            assertFalse(scope.decide("team-b", Map.of(), Map.of()).called());
            assertEquals(List.of("kube-system", "ops"), List.copyOf(scope.excludedNamespaces()));
        }
    }
}
