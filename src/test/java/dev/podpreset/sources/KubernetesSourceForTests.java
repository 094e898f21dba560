package dev.podpreset.sources;

import dev.podpreset.kubernetes.ApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Starts the Kubernetes preset source for tests, on the server and as the user of {@code client}. */
public final class KubernetesSourceForTests {
    private KubernetesSourceForTests() {
    }

    /** The source with a Vert.x instance of its own; closing it closes both. */
    public static AutoCloseable start(KubernetesClient client, PresetRegistry registry) {
        Vertx vertx = Vertx.vertx();
        KubernetesPresetSource.Watching watching = start(client, vertx, registry);
        return () -> {
            watching.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        };
    }

    static KubernetesPresetSource.Watching start(KubernetesClient client, Vertx vertx, PresetRegistry registry) {
        return KubernetesPresetSource.start(ApiServer.of(client.getConfiguration()), vertx, registry, Duration.ofMillis(20));
    }
}
