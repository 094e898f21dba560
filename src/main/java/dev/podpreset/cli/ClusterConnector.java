package dev.podpreset.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;

/** Builds the fabric8 client of the commands that talk to a cluster. */
@FunctionalInterface
public interface ClusterConnector {
    /**
     * fabric8's own configuration: {@code kubeconfig} when given, else {@code $KUBECONFIG} or
     * {@code ~/.kube/config}, else the in-cluster service account; {@code context} (may be null) picks a
     * kubeconfig context.
     */
    ClusterConnector KUBECONFIG = (kubeconfig, context) -> {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, kubeconfig.toFile());
        // A command answers within seconds: an unreachable API server is reported, not retried for minutes.
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).build();
    };

    KubernetesClient connect(Path kubeconfig, String context);
}
