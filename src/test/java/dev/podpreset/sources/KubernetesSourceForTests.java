package dev.podpreset.sources;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;

/** Starts the Kubernetes preset source for tests outside this package (the RBAC test records its API calls). */
public final class KubernetesSourceForTests {
    private KubernetesSourceForTests() {
    }

    public static AutoCloseable start(KubernetesClient client, PresetRegistry registry) {
        return KubernetesPresetSource.start(client, registry, Duration.ofMillis(20));
    }
}
