package dev.podpreset.controller;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller's scope is the webhook's: configured as the chart configures the webhook, else its defaults. */
class ControllerScopeTest {
    private static final Map<String, String> OPTED_IN = Map.of("podpreset.dev/injection", "enabled");

    /** A controller configuration with only these keys set (method name to value). */
    private static InjectorConfig.Controller config(Map<String, Object> set) {
        return (InjectorConfig.Controller) Proxy.newProxyInstance(InjectorConfig.Controller.class.getClassLoader(),
                new Class<?>[] {InjectorConfig.Controller.class}, (proxy, method, args) ->
                        set.containsKey(method.getName()) ? set.get(method.getName()) : Optional.empty());
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
